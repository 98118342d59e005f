import ch.qos.logback.classic.*; import ch.qos.logback.classic.spi.*; import ch.qos.logback.classic.encoder.*;
import ch.qos.logback.core.encoder.Encoder;
// java -cp tsserver.jar LogLineAlloc.java pattern|text: bytes allocated per connection log line by each text encoder
public class LogLineAlloc {
  public static void main(String[] a) throws Exception {
    LoggerContext ctx = new LoggerContext(); ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    com.sun.management.ThreadMXBean t=(com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
    long id=Thread.currentThread().getId();
    long b0=t.getThreadAllocatedBytes(id);
    Encoder<ILoggingEvent> enc;
    if (a[0].equals("pattern")) { PatternLayoutEncoder p=new PatternLayoutEncoder(); p.setContext(ctx); p.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n"); p.start(); enc=p; }
    else { dev.tsserver.server.ops.TextLineEncoder e=new dev.tsserver.server.ops.TextLineEncoder(); e.setContext(ctx); e.start(); enc=e; }
    long b1=t.getThreadAllocatedBytes(id);
    Logger lg=ctx.getLogger("dev.tsserver.core.chain.ConnectionLogFilter");
    LoggingEvent[] ev=new LoggingEvent[10000];
    for(int i=0;i<ev.length;i++){ ev[i]=new LoggingEvent("x",lg,Level.INFO,"tcp://127.0.0.1:21567 connected from: {}",null,new Object[]{"127.0.0.1:"+(40000+i)}); ev[i].setThreadName("NioProcessor-1"); ev[i].getFormattedMessage(); }
    long sum=0;
    for(int r=0;r<3;r++){ long c0=t.getThreadAllocatedBytes(id); for(LoggingEvent e:ev) sum+=enc.encode(e).length; long c1=t.getThreadAllocatedBytes(id);
      System.out.println(a[0]+" round "+r+": "+(c1-c0)/ev.length+" B allocated per line; set-up "+(b1-b0)/1024+" KB; line "+new String(enc.encode(ev[0])).trim()); }
  }
}
