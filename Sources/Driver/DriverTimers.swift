import EventLoop
import Simulation

/// What a harness timer belongs to: a UE's or a gNB's, by the state machine's own timer name.
enum DriverTimerKey: Hashable {
    case ue(UEIndex, UETimer)
    case gnb(GNBIndex, GNBTimer)
}

typealias DriverTimers = KeyedTimers<DriverTimerKey>
