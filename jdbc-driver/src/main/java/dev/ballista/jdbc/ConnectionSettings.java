package dev.ballista.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a {@code jdbc:ballista://host:port[/schema][?key=value&...]} URL and the connection
 * properties ask for. Properties given to {@code DriverManager} win over the same keys in the URL.
 * Keys other than {@code user}, {@code password}, {@code useEncryption}, {@code tlsRootCerts},
 * {@code disableCertificateVerification} and {@code schema} are sent to the server as gRPC headers on
 * every call. The TLS keys have the names the Arrow Flight SQL JDBC driver gives them.
 */
record ConnectionSettings(
    String host,
    int port,
    String schema,
    String user,
    String password,
    boolean useEncryption,
    String tlsRootCerts,
    boolean disableCertificateVerification,
    Map<String, String> headers) {

  static final String URL_PREFIX = "jdbc:ballista://";
  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String USE_ENCRYPTION = "useEncryption";
  static final String SCHEMA = "schema";
  static final String TLS_ROOT_CERTS = "tlsRootCerts";
  static final String DISABLE_CERTIFICATE_VERIFICATION = "disableCertificateVerification";

  static ConnectionSettings parse(String url, Properties info) throws SQLException {
    if (url == null || !url.startsWith(URL_PREFIX)) {
      throw invalid(url, "it must start with " + URL_PREFIX);
    }
    String rest = url.substring(URL_PREFIX.length());
    Map<String, String> values = new LinkedHashMap<>();
    int query = rest.indexOf('?');
    if (query >= 0) {
      parseQuery(url, rest.substring(query + 1), values);
      rest = rest.substring(0, query);
    }
    int slash = rest.indexOf('/');
    String authority = slash >= 0 ? rest.substring(0, slash) : rest;
    String path = slash >= 0 ? decode(rest.substring(slash + 1)) : "";
    if (!path.isEmpty()) {
      values.putIfAbsent(SCHEMA, path);
    }
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        values.put(key, info.getProperty(key));
      }
    }
    HostAndPort address = HostAndPort.parse(url, authority);
    String schema = values.remove(SCHEMA);
    String user = values.remove(USER);
    String password = values.remove(PASSWORD);
    boolean useEncryption = parseBoolean(url, USE_ENCRYPTION, values.remove(USE_ENCRYPTION));
    String tlsRootCerts = values.remove(TLS_ROOT_CERTS);
    boolean disableCertificateVerification = parseBoolean(url, DISABLE_CERTIFICATE_VERIFICATION,
        values.remove(DISABLE_CERTIFICATE_VERIFICATION));
    if (user == null && password != null) {
      throw invalid(url, "a password was given without a user");
    }
    return new ConnectionSettings(
        address.host(),
        address.port(),
        schema == null || schema.isEmpty() ? null : schema,
        user,
        user == null ? null : (password == null ? "" : password),
        useEncryption,
        tlsRootCerts == null || tlsRootCerts.isEmpty() ? null : tlsRootCerts,
        disableCertificateVerification,
        Map.copyOf(values));
  }

  private static void parseQuery(String url, String query, Map<String, String> values)
      throws SQLException {
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw invalid(url, "'" + pair + "' is not key=value");
      }
      values.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
  }

  private static boolean parseBoolean(String url, String key, String value) throws SQLException {
    if (value == null) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw invalid(url, key + " must be true or false, not '" + value + "'");
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  static SQLException invalid(String url, String why) {
    return new SQLException(
        "Invalid Ballista URL '" + url + "': " + why
            + " (expected jdbc:ballista://host:port[/schema][?user=..&password=..])",
        "08001");
  }

  /** The host and port of a URL's authority; IPv6 hosts are written in brackets. */
  private record HostAndPort(String host, int port) {
    static HostAndPort parse(String url, String authority) throws SQLException {
      int colon = authority.lastIndexOf(':');
      if (authority.isEmpty() || colon <= 0 || authority.indexOf(']') > colon) {
        throw invalid(url, "host and port are required");
      }
      String host = authority.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      String portText = authority.substring(colon + 1);
      int port;
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw invalid(url, "port '" + portText + "' is not a number");
      }
      if (port < 1 || port > 65535) {
        throw invalid(url, "port " + port + " is out of range");
      }
      return new HostAndPort(host, port);
    }
  }
}
