import re,collections,sys,subprocess
# alloc.py FILE [threadfilter] [N]: bytes by new-TLAB/outside-TLAB events (tlabSize/allocationSize as the weight)
f=sys.argv[1]; thr=sys.argv[2] if len(sys.argv)>2 and sys.argv[2] else None; N=int(sys.argv[3]) if len(sys.argv)>3 else 40
unit={'bytes':1,'byte':1,'kB':1024,'MB':1024*1024,'GB':1<<30}
top=collections.Counter(); incl=collections.Counter(); threads=collections.Counter(); cls=collections.Counter()
for ev in ['jdk.ObjectAllocationInNewTLAB','jdk.ObjectAllocationOutsideTLAB']:
  txt=subprocess.run(['jfr','print','--stack-depth','64','--events',ev,f],capture_output=True,text=True).stdout
  for e in txt.split(ev+' {')[1:]:
    m=re.search(r'eventThread = "([^"]*)"',e); t=m.group(1) if m else '?'
    if thr and thr not in t: continue
    key='tlabSize' if 'NewTLAB' in ev else 'allocationSize'
    m=re.search(key+r' = ([\d\.]+) (\w+)',e); wt=float(m.group(1))*unit[m.group(2)]
    fr=re.findall(r'^\s+([\w\.$<>]+)\(',e,re.M)
    om=re.search(r'objectClass = ([\w\.\[\]$]+)',e); c=om.group(1) if om else '?'
    threads[re.sub(r'\d+','N',t)]+=wt; cls[c]+=wt
    if fr: top[c+' <- '+fr[0]]+=wt
    for x in set(fr): incl[x]+=wt
n=sum(threads.values()); print("total MB %.1f"%(n/1e6))
print([(k,round(v/1e6,1)) for k,v in threads.most_common(10)])
for x,c in cls.most_common(15): print(f"{c/1e6:8.2f}MB {100*c/n:5.1f}% {x}")
print('--- top')
for x,c in top.most_common(N): print(f"{c/1e6:8.2f}MB {100*c/n:5.1f}% {x}")
print("--- inclusive")
for x,c in incl.most_common(2*N): print(f"{c/1e6:8.2f}MB {100*c/n:5.1f}% {x}")
