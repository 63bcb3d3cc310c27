package dev.ctx4j.http;

import dev.ctx4j.CancellableContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A response whose output stream and writer cancel the request's context when a write fails: the servlet
 * container's way of reporting a client that is gone.
 */
final class WatchingResponse extends HttpServletResponseWrapper {
  private final CancellableContext ctx;
  private WatchingOutputStream out;
  private WatchingWriter writer;

  WatchingResponse(HttpServletResponse response, CancellableContext ctx) {
    super(response);
    this.ctx = ctx;
  }

  /** Returns {@code response} if it already watches for {@code ctx} (a later dispatch), else a new wrapper. */
  static HttpServletResponse watch(HttpServletResponse response, CancellableContext ctx) {
    ServletResponse r = response;
    while (r instanceof ServletResponseWrapper) {
      if (r instanceof WatchingResponse && ((WatchingResponse) r).ctx == ctx) {
        return response;
      }
      r = ((ServletResponseWrapper) r).getResponse();
    }
    return new WatchingResponse(response, ctx);
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    ServletOutputStream delegate = super.getOutputStream();
    synchronized (this) {
      if (out == null || out.delegate != delegate) {
        out = new WatchingOutputStream(delegate, ctx);
      }
      return out;
    }
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    PrintWriter delegate = super.getWriter();
    synchronized (this) {
      if (writer == null || writer.delegate != delegate) {
        writer = new WatchingWriter(delegate, ctx);
      }
      return writer;
    }
  }

  /** Flushes the container's buffer; a failure, the client being gone, cancels the context and is rethrown. */
  @Override
  public void flushBuffer() throws IOException {
    try {
      super.flushBuffer();
    } catch (IOException e) {
      ctx.cancel(e);
      throw e;
    }
  }

  /**
   * Cancels the context with the failure of a write, print, flush or close, and rethrows it. Every method is the
   * container's stream's own: its {@code print} writes in the response's charset, where the API's default would
   * take ISO-8859-1 only.
   */
  static final class WatchingOutputStream extends ServletOutputStream {
    final ServletOutputStream delegate;
    private final CancellableContext ctx;

    WatchingOutputStream(ServletOutputStream delegate, CancellableContext ctx) {
      this.delegate = delegate;
      this.ctx = ctx;
    }

    @Override
    public void write(int b) throws IOException {
      try {
        delegate.write(b);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        delegate.write(b, off, len);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void print(String s) throws IOException {
      try {
        delegate.print(s);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void print(boolean b) throws IOException {
      try {
        delegate.print(b);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void print(char c) throws IOException {
      try {
        delegate.print(c);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void print(int i) throws IOException {
      try {
        delegate.print(i);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void print(long l) throws IOException {
      try {
        delegate.print(l);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void print(float f) throws IOException {
      try {
        delegate.print(f);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void print(double d) throws IOException {
      try {
        delegate.print(d);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void println(String s) throws IOException {
      try {
        delegate.println(s);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void println(boolean b) throws IOException {
      try {
        delegate.println(b);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void println(char c) throws IOException {
      try {
        delegate.println(c);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void println(int i) throws IOException {
      try {
        delegate.println(i);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void println(long l) throws IOException {
      try {
        delegate.println(l);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void println(float f) throws IOException {
      try {
        delegate.println(f);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void println(double d) throws IOException {
      try {
        delegate.println(d);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void println() throws IOException {
      try {
        delegate.println();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        delegate.flush();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        delegate.close();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      delegate.setWriteListener(listener);
    }

    private IOException failed(IOException e) {
      ctx.cancel(e);
      return e;
    }
  }

  /**
   * A writer that hands every call to the container's writer, so that it prints in the response's charset and
   * formats in the response's locale. A {@link PrintWriter} reports failures only through {@link #checkError()}, so
   * the container's is checked after each flush and close.
   */
  static final class WatchingWriter extends PrintWriter {
    final PrintWriter delegate;
    private final CancellableContext ctx;

    WatchingWriter(PrintWriter delegate, CancellableContext ctx) {
      super(delegate);
      this.delegate = delegate;
      this.ctx = ctx;
    }

    @Override
    public void write(int c) {
      delegate.write(c);
    }

    @Override
    public void write(char[] buf, int off, int len) {
      delegate.write(buf, off, len);
    }

    @Override
    public void write(char[] buf) {
      delegate.write(buf);
    }

    @Override
    public void write(String str, int off, int len) {
      delegate.write(str, off, len);
    }

    @Override
    public void write(String str) {
      delegate.write(str);
    }

    @Override
    public void print(boolean b) {
      delegate.print(b);
    }

    @Override
    public void print(char c) {
      delegate.print(c);
    }

    @Override
    public void print(int i) {
      delegate.print(i);
    }

    @Override
    public void print(long l) {
      delegate.print(l);
    }

    @Override
    public void print(float f) {
      delegate.print(f);
    }

    @Override
    public void print(double d) {
      delegate.print(d);
    }

    @Override
    public void print(char[] s) {
      delegate.print(s);
    }

    @Override
    public void print(String s) {
      delegate.print(s);
    }

    @Override
    public void print(Object obj) {
      delegate.print(obj);
    }

    @Override
    public void println(boolean b) {
      delegate.println(b);
    }

    @Override
    public void println(char c) {
      delegate.println(c);
    }

    @Override
    public void println(int i) {
      delegate.println(i);
    }

    @Override
    public void println(long l) {
      delegate.println(l);
    }

    @Override
    public void println(float f) {
      delegate.println(f);
    }

    @Override
    public void println(double d) {
      delegate.println(d);
    }

    @Override
    public void println(char[] s) {
      delegate.println(s);
    }

    @Override
    public void println(String s) {
      delegate.println(s);
    }

    @Override
    public void println(Object obj) {
      delegate.println(obj);
    }

    @Override
    public void println() {
      delegate.println();
    }
    @Override
    public PrintWriter printf(String format, Object... args) {
      delegate.printf(format, args);
      return this;
    }

    @Override
    public PrintWriter printf(Locale l, String format, Object... args) {
      delegate.printf(l, format, args);
      return this;
    }

    @Override
    public PrintWriter format(String format, Object... args) {
      delegate.format(format, args);
      return this;
    }

    @Override
    public PrintWriter format(Locale l, String format, Object... args) {
      delegate.format(l, format, args);
      return this;
    }

    @Override
    public PrintWriter append(CharSequence csq) {
      delegate.append(csq);
      return this;
    }

    @Override
    public PrintWriter append(CharSequence csq, int start, int end) {
      delegate.append(csq, start, end);
      return this;
    }

    @Override
    public PrintWriter append(char c) {
      delegate.append(c);
      return this;
    }

    @Override
    public void flush() {
      delegate.flush();
      check();
    }

    @Override
    public void close() {
      flush(); // checks before closing: a closed writer's error state says nothing about the client
      delegate.close();
    }

    @Override
    public boolean checkError() {
      boolean error = delegate.checkError();
      if (error) {
        fail();
      }
      return error;
    }

    private void check() {
      if (delegate.checkError()) {
        fail();
      }
    }

    private void fail() {
      ctx.cancel(new IOException("ctx4j: writing the response failed; the client is probably gone"));
    }
  }
}
