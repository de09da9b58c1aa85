package orphic.workbench.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on the workspace connection, e.g. inside {@link Workspace#inTransaction}. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
