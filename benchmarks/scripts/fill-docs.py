#!/usr/bin/env python3
"""fill-docs.py SUMMARY.md: put the comparison table and the targets into docs/performance.md.

Replaces what sits between the <!-- compare --> / <!-- targets --> markers (or the first-time
@@COMPARE@@ / @@TARGETS@@ placeholders)."""
import re
import subprocess
import sys

summary = open(sys.argv[1]).read().strip()
targets = subprocess.run([sys.executable, "benchmarks/scripts/targets.py", sys.argv[1]], capture_output=True,
                         text=True, check=True).stdout.strip()
doc = open("docs/performance.md").read()
for name, body in (("compare", summary), ("targets", targets)):
    block = f"<!-- {name} -->\n{body}\n<!-- /{name} -->"
    if f"@@{name.upper()}@@" in doc:
        doc = doc.replace(f"@@{name.upper()}@@", block)
    else:
        doc = re.sub(rf"<!-- {name} -->.*?<!-- /{name} -->", lambda m: block, doc, flags=re.S)
open("docs/performance.md", "w").write(doc)
