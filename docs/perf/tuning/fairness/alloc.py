import json,subprocess,sys
# alloc.py FILE.jfr REPLIES: bytes allocated by the I/O threads (pool-N-thread-N) per reply
f=sys.argv[1]; replies=int(sys.argv[2])
d=json.loads(subprocess.run(['jfr','print','--json','--events','jdk.ThreadAllocationStatistics',f],capture_output=True,text=True).stdout)
mx={}
for e in d['recording']['events']:
    v=e['values']; t=v['thread']['javaName'] if v.get('thread') else '?'
    if t.startswith('pool-'): mx[t]=max(mx.get(t,0),v['allocated'])
tot=sum(mx.values())
print(f"io_alloc_bytes/msg={tot/replies:.1f}")
