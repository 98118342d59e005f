#!/usr/bin/env python3
import json, subprocess, sys, collections
# usage: udp-jfr-top.py FILE.jfr THREAD_PREFIX: self and inclusive shares of the execution samples
# taken on threads whose name starts with THREAD_PREFIX (docs: udp-batch-acceptor.md)
f, prefix = sys.argv[1], sys.argv[2]
data = json.loads(subprocess.run(['jfr', 'print', '--json', '--events', 'jdk.ExecutionSample', f], capture_output=True, text=True).stdout)
events = data['recording']['events']
incl = collections.Counter(); selfc = collections.Counter(); n = 0
for e in events:
    t = e['values']['sampledThread']
    name = (t or {}).get('javaName') or ''
    if not name.startswith(prefix):
        continue
    frames = e['values']['stackTrace']['frames']
    n += 1
    seen = set()
    for i, fr in enumerate(frames):
        m = fr['method']; key = m['type']['name'].split('.')[-1] + '.' + m['name']
        if i == 0: selfc[key] += 1
        if key not in seen: incl[key] += 1; seen.add(key)
print('samples', n)
print('--- self'); [print(f'{c*100/n:5.1f}% {k}') for k, c in selfc.most_common(25)]
print('--- inclusive'); [print(f'{c*100/n:5.1f}% {k}') for k, c in incl.most_common(60)]
