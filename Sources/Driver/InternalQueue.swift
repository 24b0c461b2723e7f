import NAS5GS
import Simulation

/// Inputs one state machine produced for another (a UE's uplink NAS for its gNB, a downlink NAS for a UE,
/// a release, a page, a handover arrival), drained in order after each outside input.
struct InternalQueue {
    enum Item {
        case uplink(GNBIndex, UplinkNAS)
        case downlink(UEIndex, [UInt8])
        case rrcReleased(UEIndex)
        case paged(UEIndex)
        case gnbCommand(GNBIndex, GNBCommand)
    }

    private var items: [Item] = []
    private var head = 0

    mutating func push(_ item: Item) { items.append(item) }

    mutating func pop() -> Item? {
        guard head < items.count else {
            if head > 0 { items.removeAll(keepingCapacity: true); head = 0 }
            return nil
        }
        defer { head += 1 }
        return items[head]
    }
}
