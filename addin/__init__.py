"""The Excel door: formula functions (:mod:`addin.udfs`), ribbon commands (:mod:`addin.ribbon`) and the adapter
that lets the engine's ``Book`` read and write a live workbook (:mod:`addin.excel_source`).

Only this package imports xlwings (DESIGN.md); it translates cells to engine calls and back, and holds no business
rule.
"""
