#!/bin/bash
# alloc-jfc.sh: writes /tmp/idlemem/alloc.jfc, the JDK's profile settings with the new-TLAB / outside-TLAB
# allocation events on (every TLAB refill recorded with its stack; run the server with
# -XX:-ResizeTLAB -XX:TLABSize=8k so that a sample is 8 KiB, not 2 MiB) and the throttled sampler off.
mkdir -p /tmp/idlemem
JH=$(dirname $(dirname $(readlink -f $(which java))))
python3 - "$JH/lib/jfr/profile.jfc" <<'PY'
import sys,re
s=open(sys.argv[1]).read()
for ev in ['jdk.ObjectAllocationInNewTLAB','jdk.ObjectAllocationOutsideTLAB']:
    s=re.sub(r'(<event name="%s">\s*<setting name="enabled"[^>]*>)[^<]*'%re.escape(ev), r'\1true', s)
s=re.sub(r'(<event name="jdk.ObjectAllocationSample">\s*<setting name="enabled"[^>]*>)[^<]*', r'\1false', s)
open('/tmp/idlemem/alloc.jfc','w').write(s)
PY
