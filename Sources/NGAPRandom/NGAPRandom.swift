import NGAP

/// Random valid NGAP values for round-trip tests: `NGAPPDU.random(using:depth:)` and
/// the same for every generated type (see `Generated/`).
public enum NGAPRandom {}
