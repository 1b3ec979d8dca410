name = huge
[lte]
range.rsrp = -1e999 -44 | test
