import TestPlan

extension Array where Element == Step {
    /// The first register step, in order, groups included: its algorithms and keys make the UE's USIM.
    public var firstRegisterStep: RegisterStep? {
        for step in self {
            switch step.action {
            case .register(let r): return r
            case .sequence(let inner), .parallel(let inner): if let r = inner.firstRegisterStep { return r }
            case .repeat(let r): if let found = r.steps.firstRegisterStep { return found }
            default: continue
            }
        }
        return nil
    }
}

/// The plan's algorithm names, apart from FiveGSecurity's types of the same names.
typealias PlanIntegrityAlgorithm = IntegrityAlgorithm
typealias PlanCipheringAlgorithm = CipheringAlgorithm
