package dev.ballista.engine.ddl;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recognizes the catalog statements Calcite's core parser lacks (CREATE EXTERNAL TABLE, CREATE SCHEMA,
 * CREATE [OR REPLACE] VIEW, DROP TABLE/VIEW, SHOW TABLES/SCHEMAS/COLUMNS, DESCRIBE) in front of it. Statements
 * that do not start with CREATE, DROP, SHOW, DESCRIBE or DESC are left to Calcite. Names follow Calcite's
 * settings here: unquoted identifiers in lower case, double-quoted ones as written. Syntax errors carry the
 * line and column of the offending token.
 */
public final class DdlParser {
  private final String sql;
  private final List<Token> tokens;
  private int next;

  private DdlParser(String sql, List<Token> tokens) {
    this.sql = sql;
    this.tokens = tokens;
  }

  /** The catalog statement {@code sql} is, or null when it is something else (a query, EXPLAIN, ...). */
  public static DdlStatement parse(String sql) {
    Token first;
    try {
      first = new Tokenizer(sql).next();
    } catch (QueryException e) {
      return null; // an unclosed quote first: Calcite reports it
    }
    if (first.kind != Kind.WORD || !switch (first.upper()) {
      case "CREATE", "DROP", "SHOW", "DESCRIBE", "DESC" -> true;
      default -> false;
    }) {
      return null;
    }
    return new DdlParser(sql, tokenize(sql)).statement();
  }

  private DdlStatement statement() {
    Token first = take();
    DdlStatement statement = switch (first.upper()) {
      case "CREATE" -> create();
      case "DROP" -> drop();
      case "SHOW" -> show();
      default -> describe();
    };
    if (peek().is(";")) {
      take();
    }
    if (peek().kind != Kind.END) {
      throw syntaxError(peek(), "end of statement");
    }
    return statement;
  }

  private DdlStatement create() {
    boolean orReplace = false;
    if (peek().isWord("OR")) {
      take();
      expectWord("REPLACE");
      orReplace = true;
      if (!peek().isWord("VIEW")) {
        throw syntaxError(peek(), "VIEW");
      }
    }
    Token what = take();
    switch (what.upper()) {
      case "EXTERNAL" -> {
        expectWord("TABLE");
        return createExternalTable();
      }
      case "SCHEMA" -> {
        boolean ifNotExists = ifNotExists();
        Token name = identifier();
        return new DdlStatement.CreateSchema(name.identifier(), ifNotExists, name.line, name.column);
      }
      case "VIEW" -> {
        DdlStatement.Name name = name();
        Token as = expectWord("AS");
        int start = as.end;
        String query = sql.substring(start).strip();
        if (query.endsWith(";")) {
          query = query.substring(0, query.length() - 1).strip();
        }
        if (query.isEmpty()) {
          throw syntaxError(peek(), "a query after AS");
        }
        next = tokens.size() - 1; // the query is Calcite's to parse
        return new DdlStatement.CreateView(name, orReplace, query, blankedPrefix(start) + sql.substring(start));
      }
      case "TABLE" -> throw new QueryException(ErrorCode.NOT_SUPPORTED,
          "CREATE TABLE is not supported: use CREATE EXTERNAL TABLE name STORED AS PARQUET|CSV|ARROW LOCATION 'path'",
          what.line, what.column, null);
      default -> throw syntaxError(what, "EXTERNAL TABLE, SCHEMA or VIEW");
    }
  }

  private DdlStatement createExternalTable() {
    boolean ifNotExists = ifNotExists();
    DdlStatement.Name name = name();
    RowSchema columns = peek().is("(") ? columns() : null;
    FileFormatKind format = null;
    String location = null;
    Map<String, String> options = null;
    while (peek().kind != Kind.END && !peek().is(";")) {
      Token clause = take();
      switch (clause.upper()) {
        case "STORED" -> {
          once(clause, format);
          expectWord("AS");
          format = format(formatName());
        }
        case "LOCATION" -> {
          once(clause, location);
          location = string();
        }
        case "OPTIONS" -> {
          once(clause, options);
          options = options();
        }
        default -> throw syntaxError(clause, "STORED AS, LOCATION or OPTIONS");
      }
    }
    if (format == null) {
      throw syntaxError(peek(), "STORED AS PARQUET|CSV|ARROW");
    }
    if (location == null) {
      throw syntaxError(peek(), "LOCATION 'path'");
    }
    return new DdlStatement.CreateExternalTable(name, ifNotExists, columns, format, location,
        options == null ? Map.of() : options);
  }

  private static void once(Token clause, Object seen) {
    if (seen != null) {
      throw new QueryException(ErrorCode.SYNTAX_ERROR, clause.text.toUpperCase(Locale.ROOT) + " is given twice",
          clause.line, clause.column, null);
    }
  }

  private static FileFormatKind format(Token token) {
    return switch (token.upper()) {
      case "PARQUET" -> FileFormatKind.PARQUET;
      case "CSV" -> FileFormatKind.CSV;
      case "ARROW", "IPC" -> FileFormatKind.ARROW;
      default -> throw new QueryException(ErrorCode.NOT_SUPPORTED,
          "unknown file format " + token.text + ": expected PARQUET, CSV or ARROW", token.line, token.column, null);
    };
  }

  private RowSchema columns() {
    expect("(");
    List<Column> columns = new ArrayList<>();
    do {
      Token name = identifier();
      for (Column c : columns) {
        if (c.name().equalsIgnoreCase(name.identifier())) {
          throw new QueryException(ErrorCode.VALIDATION_ERROR, "column " + name.identifier() + " is declared twice",
              name.line, name.column, null);
        }
      }
      DataType type = type();
      boolean nullable = true;
      if (peek().isWord("NOT")) {
        take();
        expectWord("NULL");
        nullable = false;
      } else if (peek().isWord("NULL")) {
        take();
      }
      columns.add(new Column(name.identifier(), type, nullable));
    } while (takeIf(","));
    expect(")");
    return new RowSchema(columns);
  }

  private DataType type() {
    Token t = take();
    if (t.kind != Kind.WORD) {
      throw syntaxError(t, "a column type");
    }
    DataType type = switch (t.upper()) {
      case "BOOLEAN", "BOOL" -> DataType.BOOLEAN;
      case "TINYINT" -> DataType.TINYINT;
      case "SMALLINT", "INT2" -> DataType.SMALLINT;
      case "INT", "INTEGER", "INT4" -> DataType.INTEGER;
      case "BIGINT", "INT8" -> DataType.BIGINT;
      case "REAL", "FLOAT4" -> DataType.REAL;
      case "FLOAT", "FLOAT8" -> DataType.DOUBLE;
      case "DOUBLE" -> {
        if (peek().isWord("PRECISION")) {
          take();
        }
        yield DataType.DOUBLE;
      }
      case "DECIMAL", "NUMERIC", "DEC" -> decimal(t);
      case "VARCHAR", "CHAR", "TEXT", "STRING" -> {
        length();
        yield DataType.VARCHAR;
      }
      case "CHARACTER" -> {
        if (peek().isWord("VARYING")) {
          take();
        }
        length();
        yield DataType.VARCHAR;
      }
      case "DATE" -> DataType.DATE;
      case "TIME" -> DataType.TIME;
      case "TIMESTAMP" -> DataType.TIMESTAMP;
      default -> throw new QueryException(ErrorCode.NOT_SUPPORTED, "unknown column type " + t.text,
          t.line, t.column, null);
    };
    return type;
  }

  /** DECIMAL [(precision [, scale])]; a bare DECIMAL is DECIMAL(38, 0) as in Calcite. */
  private DataType decimal(Token at) {
    int precision = DataType.MAX_DECIMAL_PRECISION;
    int scale = 0;
    if (takeIf("(")) {
      precision = integer();
      if (takeIf(",")) {
        scale = integer();
      }
      expect(")");
    }
    if (precision < 1 || precision > DataType.MAX_DECIMAL_PRECISION || scale > precision) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, "invalid DECIMAL(" + precision + ", " + scale
          + "): precision is 1 to " + DataType.MAX_DECIMAL_PRECISION + " and scale at most the precision",
          at.line, at.column, null);
    }
    return DataType.decimal(precision, scale);
  }

  /** An optional (n) after a character type; the engine's strings have no length limit. */
  private void length() {
    if (takeIf("(")) {
      integer();
      expect(")");
    }
  }

  private int integer() {
    Token t = take();
    if (t.kind != Kind.NUMBER) {
      throw syntaxError(t, "a number");
    }
    try {
      return Integer.parseInt(t.text);
    } catch (NumberFormatException e) {
      throw syntaxError(t, "a whole number");
    }
  }

  private Map<String, String> options() {
    expect("(");
    Map<String, String> options = new LinkedHashMap<>();
    do {
      Token key = take();
      if (key.kind != Kind.WORD && key.kind != Kind.QUOTED && key.kind != Kind.STRING) {
        throw syntaxError(key, "an option name");
      }
      takeIf("=");
      Token value = take();
      if (value.kind != Kind.STRING && value.kind != Kind.NUMBER && value.kind != Kind.WORD) {
        throw syntaxError(value, "an option value in quotes");
      }
      String k = key.kind == Kind.WORD ? key.text.toLowerCase(Locale.ROOT) : key.text;
      if (options.put(k, value.text) != null) {
        throw new QueryException(ErrorCode.SYNTAX_ERROR, "option " + k + " is given twice", key.line, key.column,
            null);
      }
    } while (takeIf(","));
    expect(")");
    return options;
  }

  private DdlStatement drop() {
    Token what = take();
    boolean view = what.isWord("VIEW");
    if (!view && !what.isWord("TABLE")) {
      if (what.isWord("SCHEMA")) {
        throw new QueryException(ErrorCode.NOT_SUPPORTED, "DROP SCHEMA is not supported", what.line, what.column,
            null);
      }
      throw syntaxError(what, "TABLE or VIEW");
    }
    boolean ifExists = false;
    if (peek().isWord("IF")) {
      take();
      expectWord("EXISTS");
      ifExists = true;
    }
    DdlStatement.Name name = name();
    return view ? new DdlStatement.DropView(name, ifExists) : new DdlStatement.DropTable(name, ifExists);
  }

  private DdlStatement show() {
    Token what = take();
    switch (what.upper()) {
      case "TABLES" -> {
        if (peek().isWord("FROM") || peek().isWord("IN")) {
          take();
          Token schema = identifier();
          return new DdlStatement.ShowTables(schema.identifier(), schema.line, schema.column);
        }
        return new DdlStatement.ShowTables(null, what.line, what.column);
      }
      case "SCHEMAS", "DATABASES" -> {
        return new DdlStatement.ShowSchemas();
      }
      case "COLUMNS" -> {
        if (!peek().isWord("FROM") && !peek().isWord("IN")) {
          throw syntaxError(peek(), "FROM");
        }
        take();
        return new DdlStatement.Describe(name());
      }
      default -> throw syntaxError(what, "TABLES, SCHEMAS or COLUMNS");
    }
  }

  private DdlStatement describe() {
    if (peek().isWord("TABLE")) {
      take();
    }
    return new DdlStatement.Describe(name());
  }

  private boolean ifNotExists() {
    if (!peek().isWord("IF")) {
      return false;
    }
    take();
    expectWord("NOT");
    expectWord("EXISTS");
    return true;
  }

  /** name or schema.name (a leading catalog name "ballista." is allowed and ignored). */
  private DdlStatement.Name name() {
    Token first = identifier();
    List<String> parts = new ArrayList<>(List.of(first.identifier()));
    while (takeIf(".")) {
      parts.add(identifier().identifier());
    }
    if (parts.size() == 3 && parts.get(0).equalsIgnoreCase(dev.ballista.engine.catalog.Catalog.CATALOG_NAME)) {
      parts.remove(0);
    }
    if (parts.size() > 2) {
      throw new QueryException(ErrorCode.SYNTAX_ERROR, "name " + String.join(".", parts)
          + " has too many parts: expected name or schema.name", first.line, first.column, null);
    }
    return parts.size() == 2 ? new DdlStatement.Name(parts.get(0), parts.get(1), first.line, first.column)
        : new DdlStatement.Name(null, parts.get(0), first.line, first.column);
  }

  private Token identifier() {
    Token t = take();
    if (t.kind != Kind.WORD && t.kind != Kind.QUOTED) {
      throw syntaxError(t, "a name");
    }
    return t;
  }

  private Token formatName() {
    Token t = take();
    if (t.kind != Kind.WORD) {
      throw syntaxError(t, "PARQUET, CSV or ARROW");
    }
    return t;
  }

  private String string() {
    Token t = take();
    if (t.kind != Kind.STRING) {
      throw syntaxError(t, "a quoted string");
    }
    return t.text;
  }

  private Token expectWord(String word) {
    Token t = take();
    if (!t.isWord(word)) {
      throw syntaxError(t, word);
    }
    return t;
  }

  private void expect(String symbol) {
    Token t = take();
    if (!t.is(symbol)) {
      throw syntaxError(t, "\"" + symbol + "\"");
    }
  }

  private boolean takeIf(String symbol) {
    if (peek().is(symbol)) {
      next++;
      return true;
    }
    return false;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind != Kind.END) {
      next++;
    }
    return t;
  }

  private static QueryException syntaxError(Token at, String expected) {
    String where = at.kind == Kind.END ? "syntax error at end of statement"
        : "syntax error at or near " + (at.kind == Kind.QUOTED || at.kind == Kind.STRING ? at.source
            : "\"" + at.source + "\"");
    return new QueryException(ErrorCode.SYNTAX_ERROR, where + ": expected " + expected, at.line, at.column, null);
  }

  /** The statement's text up to {@code end} with everything but line breaks turned to blanks. */
  private String blankedPrefix(int end) {
    StringBuilder sb = new StringBuilder(end);
    for (int i = 0; i < end; i++) {
      char c = sql.charAt(i);
      sb.append(c == '\n' || c == '\r' ? c : ' ');
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- tokens

  private enum Kind { WORD, QUOTED, STRING, NUMBER, SYMBOL, END }

  /**
   * A token: {@code text} is its value (a string literal without quotes, a quoted identifier as written),
   * {@code source} how it appears in the statement, {@code end} the offset just after it.
   */
  private record Token(Kind kind, String text, String source, int line, int column, int end) {
    String upper() {
      return kind == Kind.WORD ? text.toUpperCase(Locale.ROOT) : "";
    }

    boolean isWord(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean is(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    /** The identifier's name: unquoted ones in lower case, as Calcite is configured. */
    String identifier() {
      return kind == Kind.WORD ? text.toLowerCase(Locale.ROOT) : text;
    }
  }

  private static List<Token> tokenize(String sql) {
    Tokenizer tokenizer = new Tokenizer(sql);
    List<Token> tokens = new ArrayList<>();
    Token t;
    do {
      t = tokenizer.next();
      tokens.add(t);
    } while (t.kind != Kind.END);
    return tokens;
  }

  private static final class Tokenizer {
    private final String sql;
    private int i;
    private int line = 1;
    private int lineStart;

    Tokenizer(String sql) {
      this.sql = sql;
    }

    Token next() {
      skipBlanksAndComments();
      int n = sql.length();
      int column = i - lineStart + 1;
      if (i >= n) {
        return new Token(Kind.END, "", "", line, column, n);
      }
      char c = sql.charAt(i);
      int start = i;
      int startLine = line;
      if (Character.isLetter(c) || c == '_') {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
            || sql.charAt(i) == '$')) {
          i++;
        }
        return new Token(Kind.WORD, sql.substring(start, i), sql.substring(start, i), line, column, i);
      }
      if (Character.isDigit(c)) {
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        return new Token(Kind.NUMBER, sql.substring(start, i), sql.substring(start, i), line, column, i);
      }
      if (c == '\'' || c == '"') {
        StringBuilder value = new StringBuilder();
        i++;
        while (i < n) {
          char d = sql.charAt(i);
          if (d == c) {
            if (i + 1 < n && sql.charAt(i + 1) == c) {
              value.append(c);
              i += 2;
              continue;
            }
            i++;
            return new Token(c == '\'' ? Kind.STRING : Kind.QUOTED, value.toString(), sql.substring(start, i),
                startLine, column, i);
          }
          if (d == '\n') {
            line++;
            lineStart = i + 1;
          }
          value.append(d);
          i++;
        }
        throw new QueryException(ErrorCode.SYNTAX_ERROR, (c == '\'' ? "string" : "quoted name") + " is not closed",
            startLine, column, null);
      }
      i++;
      return new Token(Kind.SYMBOL, String.valueOf(c), String.valueOf(c), line, column, i);
    }

    private void skipBlanksAndComments() {
      int n = sql.length();
      while (i < n) {
        char c = sql.charAt(i);
        if (c == '\n') {
          line++;
          lineStart = ++i;
        } else if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
          while (i < n && sql.charAt(i) != '\n') {
            i++;
          }
        } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
          int close = sql.indexOf("*/", i + 2);
          int stop = close < 0 ? n : close + 2;
          for (; i < stop; i++) {
            if (sql.charAt(i) == '\n') {
              line++;
              lineStart = i + 1;
            }
          }
        } else {
          return;
        }
      }
    }
  }
}
