"""The eligibility rule language: versioned rule files (data/aturan/), parsed into a typed
syntax tree and compiled into Polars expressions. See parser.py for the grammar and
vocabulary.py for the facts and functions a rule may use."""
