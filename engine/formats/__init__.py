"""Pure format modules: parse/build/render of external formats (STYLE.md §4)."""
