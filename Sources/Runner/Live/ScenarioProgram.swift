import TestPlan

/// A plan's per-UE steps as a flat program the engine walks with a program counter: sequences inlined,
/// repeats as loops, parallel groups as one instruction whose branches run at once.
struct ScenarioProgram {
    enum Instruction {
        /// One step, with its position in the plan's step list (for results).
        case step(Step, slot: Int)
        /// Branches that start together; the group ends when each branch's one step has. Branches of several
        /// steps run those steps one after another inside the branch slot (see `branches`).
        case parallel([Step], slot: Int)
        /// Runs the body up to `end` again while the bound holds.
        case loopStart(RepeatStep.Bound, end: Int)
        case loopEnd(start: Int)
    }

    private(set) var instructions: [Instruction] = []
    /// The names results use for each step slot, in plan order.
    private(set) var slotNames: [String] = []
    private(set) var slotKinds: [String] = []

    init(_ steps: [Step]) {
        append(steps)
    }

    private mutating func append(_ steps: [Step]) {
        for step in steps {
            switch step.action {
            case .sequence(let inner):
                append(inner)
            case .repeat(let r):
                let start = instructions.count
                instructions.append(.loopStart(r.bound, end: -1))
                append(r.steps)
                instructions.append(.loopEnd(start: start))
                instructions[start] = .loopStart(r.bound, end: instructions.count - 1)
            case .parallel(let branches):
                instructions.append(.parallel(branches.flatMap(Self.flatten), slot: newSlot(step)))
            default:
                instructions.append(.step(step, slot: newSlot(step)))
            }
        }
    }

    /// The steps of a branch in order (sequences inlined; a repeat inside a parallel branch runs once).
    private static func flatten(_ step: Step) -> [Step] {
        switch step.action {
        case .sequence(let inner): inner.flatMap(flatten)
        case .repeat(let r): r.steps.flatMap(flatten)
        default: [step]
        }
    }

    private mutating func newSlot(_ step: Step) -> Int {
        let line = step.position.line
        slotNames.append((step.name ?? step.kind.rawValue) + (line > 0 ? " (line \(line))" : ""))
        slotKinds.append(step.kind.rawValue)
        return slotNames.count - 1
    }

    var count: Int { instructions.count }
    subscript(_ pc: Int) -> Instruction { instructions[pc] }
}
