package org.dmct.core.pack;

/** A {@code --pack} argument that is neither an existing file nor the id of a pack in the pack directories. */
public class PackNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PackNotFoundException(String message) {
        super(message);
    }
}
