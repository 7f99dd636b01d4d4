"""Kolada's ids of Sweden's 21 regions (its municipality ids of type L): the default peers."""

REGION_IDS = (
    "0001", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0012", "0013",
    "0014", "0017", "0018", "0019", "0020", "0021", "0022", "0023", "0024", "0025",
)  # fmt: skip
