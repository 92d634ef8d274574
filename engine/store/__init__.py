"""The record store: typed, frozen records over Excel workbooks, loaded fast and saved without loss."""
