"""The apply engine: read an application form into a typed model, map each field to a value
with its source, fill it in the browser, and (later) submit exactly once with evidence."""
