name = nan
[lte]
weak.rsrp = nan | test
