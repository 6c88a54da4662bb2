package cn.union;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Makes an H2 file database write every commit to its file before the commit returns, as MySQL and
 * MariaDB do. H2's MVStore otherwise keeps committed changes in memory and writes them up to {@code
 * WRITE_DELAY} (500 ms) later from a background thread, so a server killed in that moment loses
 * messages it had answered and case numbers it had given. With {@code WRITE_DELAY 0} each
 * transaction that changed something writes its chunk to the file (a {@code write()}, no {@code
 * fsync}) in its own commit: that survives the process being killed, since the data is then in the
 * operating system's cache; a power cut can still take the last moments (bench/README.md).
 *
 * <p>H2 stores the setting in the file but applies it only when the URL names it ({@code
 * ;WRITE_DELAY=0}, as the default URL does), so this refuses to start on an H2 file database that
 * runs with any other delay, whatever {@code DB_URL} says. Databases in memory and other products
 * are left alone.
 */
@Component
class DurableH2 {

  DurableH2(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      String url = c.getMetaData().getURL();
      if (!"H2".equals(c.getMetaData().getDatabaseProductName())
          || url == null
          || url.startsWith("jdbc:h2:mem:")) {
        return;
      }
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
        // two rows: the value stored in the file and the one in force
        boolean any = false;
        while (rs.next()) {
          any = true;
          if (Integer.parseInt(rs.getString(1).trim()) != 0) {
            throw new IllegalStateException(
                "The H2 database writes commits to its file up to "
                    + rs.getString(1).trim()
                    + " ms after answering; add ;WRITE_DELAY=0 to DB_URL so that every answer is on disk when it leaves");
          }
        }
        if (!any) {
          throw new IllegalStateException("H2 does not report its WRITE_DELAY");
        }
      }
    }
  }
}
