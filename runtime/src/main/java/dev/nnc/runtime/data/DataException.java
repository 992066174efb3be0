package dev.nnc.runtime.data;

import java.io.IOException;

/**
 * A data set that cannot be used: a malformed or truncated file, inconsistent files, or a data
 * set that could not be fetched. The message is meant for the user as it stands: it names the
 * file (and line and column where there are such) and says what was expected and what was found.
 */
public final class DataException extends IOException {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
