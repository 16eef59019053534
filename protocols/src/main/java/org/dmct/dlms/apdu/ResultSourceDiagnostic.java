package org.dmct.dlms.apdu;

import java.util.Objects;
import java.util.Optional;

/**
 * The result-source-diagnostic of an AARE: who produced the result (the ACSE service user, i.e.
 * the server application, or the ACSE service provider) and its diagnostic code. The code is
 * kept as an int so that a value outside the standard lists can still be decoded and reported;
 * {@link #userDiagnostic()} and {@link #providerDiagnostic()} interpret it.
 *
 * @param source which side produced the diagnostic
 * @param code the INTEGER diagnostic value
 */
public record ResultSourceDiagnostic(Source source, int code) {

    /** The two alternatives of the Associate-source-diagnostic CHOICE. */
    public enum Source {
        /** acse-service-user [1]. */
        ACSE_SERVICE_USER,
        /** acse-service-provider [2]. */
        ACSE_SERVICE_PROVIDER
    }

    /** Null check. */
    public ResultSourceDiagnostic {
        Objects.requireNonNull(source, "source");
    }

    /**
     * @param diagnostic the user diagnostic
     * @return the value
     */
    public static ResultSourceDiagnostic user(AcseServiceUserDiagnostic diagnostic) {
        return new ResultSourceDiagnostic(Source.ACSE_SERVICE_USER, diagnostic.code());
    }

    /**
     * @param diagnostic the provider diagnostic
     * @return the value
     */
    public static ResultSourceDiagnostic provider(AcseServiceProviderDiagnostic diagnostic) {
        return new ResultSourceDiagnostic(Source.ACSE_SERVICE_PROVIDER, diagnostic.code());
    }

    /**
     * @return the user diagnostic, empty if the source is the provider or the code is not standard
     */
    public Optional<AcseServiceUserDiagnostic> userDiagnostic() {
        return source == Source.ACSE_SERVICE_USER ? AcseServiceUserDiagnostic.fromCode(code) : Optional.empty();
    }

    /**
     * @return the provider diagnostic, empty if the source is the user or the code is not standard
     */
    public Optional<AcseServiceProviderDiagnostic> providerDiagnostic() {
        return source == Source.ACSE_SERVICE_PROVIDER
                ? AcseServiceProviderDiagnostic.fromCode(code) : Optional.empty();
    }

    @Override
    public String toString() {
        String name = source == Source.ACSE_SERVICE_USER
                ? userDiagnostic().map(Enum::name).orElse("?")
                : providerDiagnostic().map(Enum::name).orElse("?");
        return (source == Source.ACSE_SERVICE_USER ? "acse-service-user " : "acse-service-provider ")
                + code + " (" + name + ")";
    }
}
