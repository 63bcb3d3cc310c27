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

  /** Cancels the context with the failure of a write, flush or close, and rethrows it. */
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
   * A writer over the container's: a {@link PrintWriter} reports failures only through {@link #checkError()}, so the
   * container's is checked after each flush and close.
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
    public void flush() {
      super.flush();
      check();
    }

    @Override
    public void close() {
      flush(); // checks before closing: a closed writer's error state says nothing about the client
      super.close();
    }

    @Override
    public boolean checkError() {
      boolean error = super.checkError();
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
