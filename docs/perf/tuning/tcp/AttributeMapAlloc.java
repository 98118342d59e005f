import java.util.concurrent.ConcurrentHashMap;
// java AttributeMapAlloc.java: bytes a ConcurrentHashMap(4) (MINA's attribute map) and a ConcurrentHashMap(8) allocate for 5-8 entries
public class AttributeMapAlloc {
  public static void main(String[] a) {
    com.sun.management.ThreadMXBean t=(com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
    Object[] keys=new Object[8]; for(int i=0;i<8;i++) keys[i]=new Object();
    for (int cap : new int[]{4,8,4,8}) for (int n : new int[]{5,6,7,8}) {
      long id=Thread.currentThread().getId(); Object[] keep=new Object[1000];
      long b0=t.getThreadAllocatedBytes(id);
      for(int r=0;r<1000;r++){ ConcurrentHashMap<Object,Object> m=new ConcurrentHashMap<>(cap); for(int i=0;i<n;i++) m.put(keys[i],keys[i]); keep[r]=m; }
      long b1=t.getThreadAllocatedBytes(id);
      System.out.println("cap "+cap+" entries "+n+": "+(b1-b0)/1000+" B per map");
    }
  }
}
