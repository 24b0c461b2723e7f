import Bytes

/// SCTP (RFC 9260): common header, chunk walk, DATA and I-DATA (RFC 8260) delivery and reassembly.
extension CaptureReader {
    private struct Packet {
        var source: Endpoint
        var destination: Endpoint
        var verificationTag: UInt32
        var isNGAPPort: Bool
    }

    func sctp(_ header: IPHeader, _ bytes: ByteView) {
        guard let sport = bytes.u16(at: 0), let dport = bytes.u16(at: 2), let vtag = bytes.u32(at: 4), bytes.count >= 12 else {
            report(.badSCTPHeader, "SCTP common header cut (\(bytes.count) of 12 bytes)")
            return
        }
        let packet = Packet(source: Endpoint(address: header.source, port: sport),
                            destination: Endpoint(address: header.destination, port: dport),
                            verificationTag: vtag,
                            isNGAPPort: sport == SCTPMessage.ngapPort || dport == SCTPMessage.ngapPort)
        var offset = 12
        var chunkNumber = 0
        while offset + 4 <= bytes.count {
            chunkNumber += 1
            guard let type = bytes.u8(at: offset), let flags = bytes.u8(at: offset + 1),
                  let length16 = bytes.u16(at: offset + 2) else { return }
            let length = Int(length16)
            guard length >= 4, let chunk = bytes.slice(offset, length) else {
                report(.badChunkLength, "SCTP chunk \(chunkNumber) (type \(type)) length \(length) "
                       + "does not fit the \(bytes.count - offset) bytes left; rest of packet skipped")
                return
            }
            switch type {
            case 0: data(chunk, flags: flags, packet, chunkNumber)
            case 64: iData(chunk, flags: flags, packet, chunkNumber)
            case 1, 2, 6, 7, 8, 9, 10, 11, 14:
                if options.includeSCTPControl { control(chunk, type: type, flags: flags, packet) }
            default: break
            }
            offset += (length + 3) & ~3
        }
    }

    private func control(_ chunk: ByteView, type: UInt8, flags: UInt8, _ packet: Packet) {
        var event = SCTPControlChunk(frame: frame, timestamp: timestamp, source: packet.source,
                                     destination: packet.destination, verificationTag: packet.verificationTag,
                                     kind: .init(rawValue: type), flags: flags)
        if type == 1 || type == 2 {
            event.initiateTag = chunk.u32(at: 4)
            event.outboundStreams = chunk.u16(at: 12)
            event.inboundStreams = chunk.u16(at: 14)
            event.initialTSN = chunk.u32(at: 16)
        }
        emit(.sctpControl(event))
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

    /// DATA: type 0, flags I U B E, TSN, stream id, SSN, PPID, user data.
    private func data(_ chunk: ByteView, flags: UInt8, _ packet: Packet, _ chunkNumber: Int) {
        guard let tsn = chunk.u32(at: 4), let sid = chunk.u16(at: 8), let ssn = chunk.u16(at: 10),
              let ppid = chunk.u32(at: 12), chunk.count >= 16 else {
            report(.badChunkLength, "DATA chunk \(chunkNumber) shorter than its 16-byte header")
            return
        }
        let user = chunk.suffix(from: 16)
        guard user.count > 0 else {
            report(.emptyDataChunk, "DATA chunk \(chunkNumber) (TSN \(tsn)) has no user data")
            return
        }
        deliver(user, tsn: tsn, sid: sid, ssn: ssn, mid: nil, ppid: ppid, fsn: tsn, flags: flags, packet, chunkNumber)
    }

    /// I-DATA: type 64, flags I U B E, TSN, stream id, reserved, MID, PPID (B set) or FSN, user data.
    private func iData(_ chunk: ByteView, flags: UInt8, _ packet: Packet, _ chunkNumber: Int) {
        guard let tsn = chunk.u32(at: 4), let sid = chunk.u16(at: 8), let mid = chunk.u32(at: 12),
              let field = chunk.u32(at: 16), chunk.count >= 20 else {
            report(.badChunkLength, "I-DATA chunk \(chunkNumber) shorter than its 20-byte header")
            return
        }
        let user = chunk.suffix(from: 20)
        guard user.count > 0 else {
            report(.emptyDataChunk, "I-DATA chunk \(chunkNumber) (TSN \(tsn)) has no user data")
            return
        }
        let begins = flags & 0x02 != 0
        deliver(user, tsn: tsn, sid: sid, ssn: UInt16(truncatingIfNeeded: mid), mid: mid,
                ppid: begins ? field : 0, fsn: begins ? 0 : field, flags: flags, packet, chunkNumber)
    }

    private func deliver(_ user: ByteView, tsn: UInt32, sid: UInt16, ssn: UInt16, mid: UInt32?, ppid: UInt32,
                         fsn: UInt32, flags: UInt8, _ packet: Packet, _ chunkNumber: Int) {
        let index = association(packet)
        // tshark does no TSN analysis when the verification tag is 0 (INIT-bundled data).
        let firstFrame = packet.verificationTag == 0 ? nil : associations[index].history.record(tsn, frame: frame)
        let begins = flags & 0x02 != 0, ends = flags & 0x01 != 0, unordered = flags & 0x04 != 0
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
            report(.retransmittedFragment, "chunk \(chunkNumber): TSN \(tsn) first seen in frame \(firstFrame); not reused")
            return
        }
        guard wanted else { return }
        let piece = SCTPReassembler.Piece(begins: begins, ends: ends, tsn: tsn, ssn: ssn, ppid: ppid, bytes: user.copyBytes())
        let key = SCTPReassembler.GroupKey(streamID: sid, unordered: unordered, messageIdentifier: mid)
        switch associations[index].reassembler.add(piece, sequence: mid == nil ? tsn : fsn, key: key) {
        case .incomplete:
            break
        case .dropped(let text):
            report(.sctpFragmentDropped, "chunk \(chunkNumber) (TSN \(tsn)): \(text)")
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
