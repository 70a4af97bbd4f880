# Fuzz spec of physical_constants() (no arguments: the call must return
# the named, finite, positive constants). Created lazily, like the other
# fz_specs_* lists, because helper-fuzz.R may load after this file.
delayedAssign("fz_specs_constants", list(
  physical_constants = fz_spec(check = fz_numeric(finite = TRUE, lower = 0))
))
