import Bytes
import Packets

/// SCTP (RFC 9260): chunks of each packet (parsed by `Packets`), DATA and I-DATA (RFC 8260) delivery and
/// reassembly, TSN analysis.
extension CaptureReader {
    private struct Packet {
        var source: Endpoint
        var destination: Endpoint
        var verificationTag: UInt32
        var isNGAPPort: Bool
    }

    func sctp(_ ip: IPPacket, _ bytes: ByteView) {
        let common: SCTPCommonHeader
        do {
            common = try SCTPCommonHeader.parse(bytes)
        } catch {
            report(.badSCTPHeader, error.description)
            return
        }
        let packet = Packet(source: Endpoint(address: ip.source, port: common.sourcePort),
                            destination: Endpoint(address: ip.destination, port: common.destinationPort),
                            verificationTag: common.verificationTag,
                            isNGAPPort: common.sourcePort == SCTPMessage.ngapPort || common.destinationPort == SCTPMessage.ngapPort)
        var chunks = SCTPChunkIterator(bytes)
        do {
            while let chunk = try chunks.next() {
                switch chunk.type.rawValue {  // literals: no lookup of the static members per chunk
                case 0:  // DATA
                    let (data, user) = try SCTPDataChunk.parse(chunk, in: bytes)
                    deliver(bytes, user, tsn: data.tsn, sid: data.streamIdentifier, ssn: data.streamSequenceNumber, mid: nil,
                            ppid: data.payloadProtocolIdentifier, fsn: data.tsn, flags: data.flags, packet, chunk)
                case 64:  // I-DATA
                    let (data, user) = try SCTPIDataChunk.parse(chunk, in: bytes)
                    let begins = data.flags.contains(.beginning)
                    let field = data.ppidOrFragmentSequenceNumber
                    deliver(bytes, user, tsn: data.tsn, sid: data.streamIdentifier,
                            ssn: UInt16(truncatingIfNeeded: data.messageIdentifier), mid: data.messageIdentifier,
                            ppid: begins ? field : 0, fsn: begins ? 0 : field, flags: data.flags, packet, chunk)
                default:
                    break
                }
            }
        } catch {
            // A chunk whose length does not fit: the chunks before it were delivered, the rest is skipped.
            report(.badChunkLength, error.description + "; rest of packet skipped")
        }
    }

    private func association(_ packet: Packet) -> Int {
        let key = AssociationKey(sourcePort: packet.source.port, destinationPort: packet.destination.port,
                                 verificationTag: packet.verificationTag)
        if let last = lastAssociation, last.key == key { return last.index }
        let index: Int
        if let known = associationIndex[key] {
            index = known
        } else {
            associations.append(Association(history: TSNHistory(window: options.tsnWindow),
                                            reassembler: SCTPReassembler(maxBytes: options.maxReassemblyBytes)))
            index = associations.count - 1
            associationIndex[key] = index
        }
        lastAssociation = (key, index)
        return index
    }

    private func deliver(_ bytes: ByteView, _ userRange: Range<Int>, tsn: UInt32, sid: UInt16, ssn: UInt16, mid: UInt32?,
                         ppid: UInt32, fsn: UInt32, flags: SCTPDataFlags, _ packet: Packet, _ chunk: SCTPChunk) {
        guard !userRange.isEmpty, let user = bytes.slice(userRange.lowerBound, userRange.count) else {
            report(.emptyDataChunk, "\(chunk.type) chunk \(chunk.index + 1) (TSN \(tsn)) has no user data")
            return
        }
        let index = association(packet)
        // tshark does no TSN analysis when the verification tag is 0 (INIT-bundled data).
        let firstFrame = packet.verificationTag == 0 ? nil : associations[index].history.record(tsn, frame: frame)
        let begins = flags.contains(.beginning), ends = flags.contains(.ending), unordered = flags.contains(.unordered)
        let wanted = !options.ngapOnly || packet.isNGAPPort || ppid == SCTPMessage.ngapPPID
            || (mid != nil && !begins)  // I-DATA middle fragments carry no PPID: decide on completion
        if begins && ends {
            let position = messagesInFrame
            messagesInFrame += 1
            guard wanted, firstFrame == nil || options.includeRetransmissions else { return }
            append(SCTPMessage(frame: frame, indexInFrame: position, timestamp: timestamp, source: packet.source,
                               destination: packet.destination, verificationTag: packet.verificationTag, streamID: sid,
                               streamSequenceNumber: ssn, messageIdentifier: mid, payloadProtocolID: ppid,
                               firstTSN: tsn, lastTSN: tsn, fragmentCount: 1, isUnordered: unordered,
                               isRetransmission: firstFrame != nil, retransmissionOf: firstFrame,
                               payload: user.copyBytes()))
            return
        }
        if let firstFrame {
            report(.retransmittedFragment, "chunk \(chunk.index + 1): TSN \(tsn) first seen in frame \(firstFrame); not reused")
            return
        }
        guard wanted else { return }
        let piece = SCTPReassembler.Piece(begins: begins, ends: ends, tsn: tsn, ssn: ssn, ppid: ppid, bytes: user.copyBytes())
        let key = SCTPReassembler.GroupKey(streamID: sid, unordered: unordered, messageIdentifier: mid)
        switch associations[index].reassembler.add(piece, sequence: mid == nil ? tsn : fsn, key: key) {
        case .incomplete:
            break
        case .dropped(let text):
            report(.sctpFragmentDropped, "chunk \(chunk.index + 1) (TSN \(tsn)): \(text)")
        case .complete(let message):
            let position = messagesInFrame
            messagesInFrame += 1
            if options.ngapOnly && !packet.isNGAPPort && message.ppid != SCTPMessage.ngapPPID { return }
            append(SCTPMessage(frame: frame, indexInFrame: position, timestamp: timestamp, source: packet.source,
                               destination: packet.destination, verificationTag: packet.verificationTag, streamID: sid,
                               streamSequenceNumber: message.ssn, messageIdentifier: mid, payloadProtocolID: message.ppid,
                               firstTSN: message.firstTSN, lastTSN: message.lastTSN, fragmentCount: message.fragmentCount,
                               isUnordered: unordered, isRetransmission: false, retransmissionOf: nil,
                               payload: message.payload))
        }
    }
}
