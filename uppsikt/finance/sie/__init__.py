"""Reading SIE files (types 1–4, SIE filformat 4B) into columnar tables.

The bulk of a file — ``#VER`` and its ``#TRANS``/``#RTRANS``/``#BTRANS`` rows, and ``#PSALDO``/
``#PBUDGET`` — is parsed with Polars expressions over all lines at once; the few header records
(``#KONTO``, ``#DIM``, ``#RAR`` …) with a small tokenizer. Nothing here touches the database: the
result is a :class:`~.file.SieFile` with its tables, every error with its line number, and
warnings.

Real files differ from the standard (see docs/sie.md): UTF-8 written under ``#FORMAT PC8``, tabs
and runs of spaces between fields, unquoted text, ``{ }`` with spaces, object lists combining
several dimensions, Latin-1 bytes inside CP437 files.

- ``reader``: ``read_sie``, the file in chunks of whole vouchers, and ``storage_rows``, the
  voucher rows as kept for drill-down;
- ``records``: the vouchers, period balances and header records;
- ``checks``: the checks of the bytes, the lines and the whole file;
- ``fields``: tokens, dates, exact amounts and object lists;
- ``file``: ``SieFile`` and the longest values the ledger keeps;
- ``partition``: the rows as a partition of each account's monthly total
  (``voucher_movements``, ``period_partition``), as the import stores them.
"""
