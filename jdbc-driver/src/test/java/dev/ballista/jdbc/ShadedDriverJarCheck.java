package dev.ballista.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Loads the shaded {@code -all} jar alone, in a class loader that cannot see the build's
 * classpath, and runs a query with it. Runs after {@code package} (see the pom), as the jar
 * does not exist before.
 */
class ShadedDriverJarCheck {
  @Test
  void shadedJarConnectsAndQueriesOnItsOwn() throws Exception {
    Path jar = Path.of(System.getProperty("ballista.shadedJar"));
    assertTrue(Files.isRegularFile(jar), jar + " is missing");
    try (FixtureFlightSqlServer server = new FixtureFlightSqlServer();
        URLClassLoader loader = new URLClassLoader(
            new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Class<?> driverClass = Class.forName("dev.ballista.jdbc.BallistaDriver", true, loader);
      assertNotEquals(BallistaDriver.class, driverClass);
      Driver driver = (Driver) driverClass.getDeclaredConstructor().newInstance();
      Properties info = new Properties();
      info.setProperty("user", FixtureFlightSqlServer.USER);
      info.setProperty("password", FixtureFlightSqlServer.PASSWORD);
      try (Connection connection = driver.connect(server.url(), info);
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(FixtureFlightSqlServer.NUMBERS)) {
        long rows = 0;
        while (rs.next()) {
          rows++;
        }
        assertEquals(FixtureFlightSqlServer.NUMBER_BATCHES
            * FixtureFlightSqlServer.NUMBERS_PER_BATCH, rows);
        assertEquals("Ballista Fixture", connection.getMetaData().getDatabaseProductName());
      }
    }
  }
}
