"""Newswire `.txt`: stories copied (select, copy, paste) from news sites and wires.

`reader` reads a copy, line by line, with the line readers here: `date_lines` (each date's
form: `date_forms`), `bylines`, `outlets`, `credits`, `chrome`, `datelines` and `heads`,
gathering what they say in a `facts.Facts`. Saved pages use some of them too (a page's date
lines and bylines are read as a copy's are) and import only those: this package imports
nothing itself.
"""
