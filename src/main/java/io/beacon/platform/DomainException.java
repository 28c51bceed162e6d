package io.beacon.platform;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A request the domain refuses, said in the domain's terms: which object is missing, which field is
 * wrong, which rule the change breaks. Feature code throws these; {@link FailureHandler} alone decides
 * how each kind is answered (status, problem type, title), so no HTTP detail lives in the features.
 * {@code details} are facts the client can act on (the contract state, the funds available), sent as
 * members of the answer.
 */
public abstract class DomainException extends RuntimeException {
  private final JsonObject details;

  private DomainException(String message, JsonObject details) {
    super(message, null, false, false);
    this.details = details == null ? new JsonObject() : details;
  }

  public JsonObject details() { return details; }

  /** The object does not exist, or the caller may not see it (another agency's objects look absent). */
  public static final class NotFound extends DomainException {
    public NotFound(String what) { super(what + " not found", null); }
  }

  /** Values the rules do not accept, each naming its field. */
  public static final class Invalid extends DomainException {
    private final List<FieldError> errors;

    public Invalid(String field, String reason) { this("The request has invalid fields", List.of(new FieldError(field, reason)), null); }

    public Invalid(String summary, List<FieldError> errors) { this(summary, errors, null); }

    public Invalid(String summary, List<FieldError> errors, JsonObject details) {
      super(summary, details);
      this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() { return errors; }
  }

  /** The object's state (or another object) does not allow the change; {@code rule} is a stable slug naming why. */
  public static final class Conflict extends DomainException {
    private final String rule;
    private final List<FieldError> errors;

    public Conflict(String rule, String message) { this(rule, message, null); }

    public Conflict(String rule, String message, JsonObject details) { this(rule, message, List.of(), details); }

    /** A value that must be unique is taken: {@code errors} name the field. */
    public Conflict(String rule, String message, List<FieldError> errors, JsonObject details) {
      super(message, details);
      this.rule = rule;
      this.errors = List.copyOf(errors);
    }

    public String rule() { return rule; }

    public List<FieldError> errors() { return errors; }
  }

  /** An account has less than the movement needs; nothing moved. */
  public static final class InsufficientFunds extends DomainException {
    public InsufficientFunds(String message, String account, long availableFen, long requestedFen) {
      super(message, new JsonObject().put("account", account).put("availableFen", availableFen).put("requestedFen", requestedFen));
    }
  }

  /** The caller is known but its role or assignment does not allow this. */
  public static final class Forbidden extends DomainException {
    public Forbidden(String message) { super(message, null); }
  }

  /** The caller's credentials (password, token, ticket) are missing, wrong or no longer valid. */
  public static final class Unauthenticated extends DomainException {
    public Unauthenticated(String message) { super(message, null); }
  }

  /** Too many attempts: the caller may try again after {@code retryAfterSeconds}. */
  public static final class RateLimited extends DomainException {
    private final long retryAfterSeconds;

    public RateLimited(long retryAfterSeconds) {
      super("Too many requests; retry later", null);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() { return retryAfterSeconds; }
  }

  /** A one-time thing (a login ticket) that has lapsed; {@code rule} names it. */
  public static final class Expired extends DomainException {
    private final String rule;

    public Expired(String rule, String message) {
      super(message, null);
      this.rule = rule;
    }

    public String rule() { return rule; }
  }

  /** An idempotency key sent again with another request than the first it came with. */
  public static final class KeyReused extends DomainException {
    public KeyReused(String message) { super(message, null); }
  }

  /** Content over the size the rules allow. */
  public static final class TooLarge extends DomainException {
    public TooLarge(String message, JsonObject details) { super(message, details); }
  }
}
