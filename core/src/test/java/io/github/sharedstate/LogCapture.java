package io.github.sharedstate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what the library logs to one {@link System.Logger} until closed, through its default
 * {@code java.util.logging} backend.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  public LogCapture(String loggerName) {
    this.logger = Logger.getLogger(loggerName);
    logger.addHandler(handler);
  }

  /** {@return a copy of the records so far} */
  public List<LogRecord> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
