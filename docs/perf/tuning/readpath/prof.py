import re,collections,sys,subprocess
f=sys.argv[1]; ev=sys.argv[2] if len(sys.argv)>2 else 'jdk.ExecutionSample'
thr=sys.argv[3] if len(sys.argv)>3 else None
txt=subprocess.run(['jfr','print','--stack-depth','40','--events',ev,f],capture_output=True,text=True).stdout
evs=txt.split(ev+' {')
top=collections.Counter(); incl=collections.Counter(); threads=collections.Counter()
w=collections.Counter()
for e in evs:
    m=re.search(r'(?:sampledThread|eventThread) = "([^"]*)"',e)
    t=m.group(1) if m else '?'
    if thr and thr not in t: continue
    fr=re.findall(r'^\s+([\w\.$<>]+)\(',e,re.M)
    if not fr: continue
    wt=1
    m=re.search(r'weight = ([\d\.]+) (\w+)',e)
    if m and ev.endswith('AllocationSample'):
        v=float(m.group(1)); u=m.group(2); wt=v*{'bytes':1,'kB':1e3,'MB':1e6,'GB':1e9}.get(u,1)
        om=re.search(r'objectClass = ([\w\.\[\]$]+)',e); fr=[(om.group(1) if om else '?')+' <- '+fr[0]]+fr
    threads[re.sub(r'\d+','N',t)]+=wt
    top[fr[0]]+=wt
    for x in set(fr): incl[x]+=wt
n=sum(top.values()); print("total",n)
print(threads.most_common(8))
for x,c in top.most_common(int(sys.argv[4]) if len(sys.argv)>4 else 25): print(f"{c:10.0f} {100*c/n:5.1f}% {x}")
print("--- inclusive")
for x,c in incl.most_common(int(sys.argv[5]) if len(sys.argv)>5 else 50): print(f"{c:10.0f} {100*c/n:5.1f}% {x}")
