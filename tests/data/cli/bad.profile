name = bad
this line has no equals sign
