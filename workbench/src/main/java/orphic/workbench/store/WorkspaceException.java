package orphic.workbench.store;

/**
 * A workspace cannot be used as asked: no such workspace, a schema newer than this build, a bad
 * archive. The message says what was wrong and what to do.
 */
public class WorkspaceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
