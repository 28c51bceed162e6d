package io.beacon.exports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A table written row by row to a local file (blocking: call it on a worker). Nothing but the current
 * row is held: CSV goes through a buffered writer, XLSX through fastexcel's streaming writer, flushed
 * every {@value #FLUSH_ROWS} rows, with strings inline (no shared-string table growing in memory).
 */
interface TableFile extends AutoCloseable {
  int FLUSH_ROWS = 1000;

  void row(List<?> cells) throws IOException;

  @Override
  void close() throws IOException;

  static TableFile open(String format, Path path, List<String> header) throws IOException {
    TableFile file = "xlsx".equals(format) ? new Xlsx(Files.newOutputStream(path)) : new Csv(Files.newOutputStream(path));
    file.row(header);
    return file;
  }

  /** UTF-8 with a BOM (so Excel reads Chinese names), RFC 4180 quoting, CRLF. */
  final class Csv implements TableFile {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n").get();
    private final CSVPrinter printer;

    Csv(OutputStream out) throws IOException {
      BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
      writer.write('\uFEFF');
      this.printer = new CSVPrinter(writer, FORMAT);
    }

    @Override
    public void row(List<?> cells) throws IOException {
      List<Object> guarded = new ArrayList<>(cells.size());
      for (Object c : cells) guarded.add(c instanceof String s ? guard(s) : c);
      printer.printRecord(guarded);
    }

    @Override
    public void close() throws IOException { printer.close(true); }

    /**
     * Text a spreadsheet would run as a formula (= + - @, or a leading tab / carriage return) is prefixed
     * with an apostrophe (OWASP CSV injection). Numbers are written as numbers and never prefixed.
     */
    static String guard(String s) {
      return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }
  }

  /** One sheet; numbers as numbers, everything else as inline text (never a formula). */
  final class Xlsx implements TableFile {
    private final OutputStream out;
    private final Workbook workbook;
    private final Worksheet sheet;
    private int rowIndex;

    Xlsx(OutputStream out) {
      this.out = new BufferedOutputStream(out, 64 * 1024);
      this.workbook = new Workbook(this.out, "Beacon", "1.0");
      this.sheet = workbook.newWorksheet("export");
    }

    @Override
    public void row(List<?> cells) throws IOException {
      for (int c = 0; c < cells.size(); c++) {
        Object v = cells.get(c);
        if (v instanceof Number n) sheet.value(rowIndex, c, n);
        else if (v instanceof Boolean b) sheet.value(rowIndex, c, b);
        else if (v != null) sheet.inlineString(rowIndex, c, v.toString());
      }
      if (++rowIndex % FLUSH_ROWS == 0) sheet.flush();
    }

    @Override
    public void close() throws IOException {
      try {
        workbook.finish();
      } finally {
        out.close();
      }
    }
  }
}
