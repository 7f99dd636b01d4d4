"""The sections of the documents, one module per subject."""
