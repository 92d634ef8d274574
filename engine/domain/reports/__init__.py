"""Reports: pure computations over book records into a Report value; formats render it (sheet, TSV, PDF)."""
