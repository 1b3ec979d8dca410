name = ok
[lte]
weak.rsrp = -110 | test
