package orphic.workbench.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Commit-or-rollback around a unit of work; nested calls join the outer transaction. */
final class Transactions {
    private Transactions() {}

    static <T> T run(Connection c, SqlWork<T> work) throws SQLException {
        if (!c.getAutoCommit()) {
            return work.run(c); // already inside a transaction: the outermost call commits
        }
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (Throwable t) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailure) {
                t.addSuppressed(rollbackFailure);
            }
            throw t;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
