package orphic.studio.web;

/**
 * A refused request, written for the person reading it: the HTTP status, what was wrong, and how
 * to fix it. Sent as {@code {"error": "...", "fix": "..."}}; the message never echoes markup back
 * as HTML (the response is always JSON).
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String fix;

  public ApiError(int status, String error, String fix) {
    super(error);
    this.status = status;
    this.fix = fix;
  }

  public int status() {
    return status;
  }

  public String fix() {
    return fix;
  }

  static ApiError badRequest(String error, String fix) {
    return new ApiError(400, error, fix);
  }

  static ApiError notFound(String what) {
    return new ApiError(404, what + " not found", "list what exists with GET /api/documents or GET /api/models");
  }
}
