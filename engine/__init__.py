"""Comptoir engine: the pure domain, the file formats, the workbook store and the mandate store.

Nothing here imports xlwings (DESIGN.md): the add-in in ``addin/`` is the only door to a live Excel.
"""
