import CEventLoop
import EventLoop
import Glibc

extension SCTPTransport {
    // MARK: Sending

    /// Sends one whole message on `stream` with `ppid` (host order; NGAP is 60). With `batchesSends` (the
    /// default) the message is copied into the association's queue and handed to the stack with the others
    /// of this loop round when the round ends (`.batched`); otherwise it goes out at once when the stack has
    /// room (`.sent`). Before `.up`, or while the stack pushes back, it waits in the queue (`.queued`).
    @discardableResult
    public func send(_ bytes: UnsafeRawBufferPointer, on association: SCTPAssociationID, stream: UInt16, ppid: UInt32,
                     unordered: Bool = false) throws(TransportError) -> SCTPSendResult {
        guard let index = live(association), slots[index].state != .shuttingDown, !slots[index].shutdownRequested else {
            throw TransportError(.unknownAssociation, "\(association) is not open for sending")
        }
        guard bytes.count <= slots[index].options.maxMessageSize else {
            throw TransportError(.messageTooLarge, "\(bytes.count) bytes exceed the maximum message size \(slots[index].options.maxMessageSize)")
        }
        if slots[index].state == .up {
            guard stream < slots[index].outboundStreams else {
                throw TransportError(.invalidStream, "stream \(stream) is not below the \(slots[index].outboundStreams) negotiated outbound streams")
            }
            if batchesSends && !slots[index].writeBlocked {
                slots[index].queue.append(bytes, stream: stream, ppid: ppid, unordered: unordered)
                if !slots[index].inBatch {
                    slots[index].inBatch = true
                    batched.append((index, slots[index].generation))
                }
                return .batched
            }
            if slots[index].queue.isEmpty, let socket = slots[index].socket {
                let n = socket.send(bytes, stream: stream, ppid: ppid, unordered: unordered)
                if n >= 0 {
                    messagesSent += 1
                    return .sent
                }
                let error = Int32(-n)
                guard error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS else {
                    throw TransportError(.sendFailed, errno: error, "send of \(bytes.count) bytes on \(association) failed")
                }
            }
        }
        slots[index].queue.append(bytes, stream: stream, ppid: ppid, unordered: unordered)
        sendsQueued += 1
        if slots[index].state == .up { wantWritable(index, true) }
        return .queued
    }

    /// Hands every batched association's queue to the stack (the loop calls this after each round).
    func flushBatches() {
        while !batched.isEmpty {
            swap(&batched, &spareBatched)
            for (index, generation) in spareBatched where index < slots.count && slots[index].generation == generation {
                slots[index].inBatch = false
                flushPending(index)
            }
            spareBatched.removeAll(keepingCapacity: true)
        }
    }

    /// Sends one whole message from an array.
    @discardableResult
    public func send(_ bytes: [UInt8], on association: SCTPAssociationID, stream: UInt16, ppid: UInt32,
                     unordered: Bool = false) throws(TransportError) -> SCTPSendResult {
        var result: Result<SCTPSendResult, TransportError> = .success(.sent)
        bytes.withUnsafeBytes { raw in
            do throws(TransportError) {
                result = .success(try send(raw, on: association, stream: stream, ppid: ppid, unordered: unordered))
            } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// The number of messages waiting in the association's send queue.
    public func queuedMessages(on association: SCTPAssociationID) -> Int {
        guard let index = live(association) else { return 0 }
        return slots[index].queue.count
    }

    func wantWritable(_ index: Int, _ on: Bool) {
        slots[index].writeBlocked = on
        guard slots[index].writeInterest != on, let registration = slots[index].registration else { return }
        slots[index].writeInterest = on
        try? loop.modify(registration, interest: on ? [.readable, .writable] : .readable)
    }

    /// Hands queued messages to the stack until it pushes back; then a graceful shutdown if one was asked
    /// for. Two or more messages with `noDelay` go as a bundle: SCTP_NODELAY off while all but the last are
    /// handed over (the stack holds them), on again for the last, which sends everything queued in as few
    /// packets as fit.
    func flushPending(_ index: Int) {
        guard let socket = slots[index].socket, slots[index].state == .up || slots[index].shutdownRequested else { return }
        let generation = slots[index].generation
        var corked = slots[index].queue.count >= 2 && slots[index].options.noDelay
        if corked { socket.setNoDelay(false) }
        defer { if corked { socket.setNoDelay(true) } }
        while let entry = slots[index].queue.first {
            if entry.stream >= slots[index].outboundStreams {
                // Queued before the association came up with fewer streams: it cannot be sent.
                slots[index].queue.removeFirst()
                continue
            }
            if corked && slots[index].queue.count == 1 {
                socket.setNoDelay(true)
                corked = false
            }
            let n = slots[index].queue.withBytes(of: entry) {
                socket.send($0, stream: entry.stream, ppid: entry.ppid, unordered: entry.unordered)
            }
            if n < 0 {
                let error = Int32(-n)
                if error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS {
                    wantWritable(index, true)
                    return
                }
                if corked {
                    socket.setNoDelay(true)
                    corked = false
                }
                let id = SCTPAssociationID(slot: UInt32(index), generation: generation)
                release(index, abort: true)
                onEvent(.lost(id, .noResponse))
                return
            }
            messagesSent += 1
            slots[index].queue.removeFirst()
        }
        wantWritable(index, false)
        if slots[index].shutdownRequested { startShutdown(index) }
    }

    // MARK: Readiness

    /// usrsctp: the loop was woken because upcalls marked sockets ready.
    func serviceReadySources() {
        guard let waker else { return }
        readyWakeUps += 1
        var node = cg_waker_take_all(waker)
        while let source = node {
            node = cg_source_next(source)
            cg_source_clear(source)
            _ = cg_source_take_events(source)
            let index = Int(truncatingIfNeeded: cg_source_token(source))
            guard index < slots.count, slots[index].source == source else { continue }
            service(index, slots[index].generation)
        }
    }

    /// Accepts, receives and flushes whatever the socket has.
    func service(_ index: Int, _ generation: UInt32) {
        guard index < slots.count, slots[index].generation == generation else { return }
        switch slots[index].kind {
        case .free: return
        case .listener: acceptAll(index)
        case .association:
            receiveAll(index)
            if index < slots.count, slots[index].generation == generation, !slots[index].queue.isEmpty, !slots[index].inBatch {
                flushPending(index)
            }
        }
    }

    func acceptAll(_ listenerIndex: Int) {
        let listenerGeneration = slots[listenerIndex].generation
        while slots[listenerIndex].generation == listenerGeneration, let listener = slots[listenerIndex].socket {
            let index = allocateSlot()
            let source = stack == .user ? takeSource(token: UInt64(index)) : nil
            switch listener.accept(source: source) {
            case .failure:
                // EAGAIN: nothing more waits. Other errors: the association died before it was accepted.
                if let source { spareSources.append(source) }
                freeSlots.append(UInt32(index))
                return
            case .success(let (socket, peer)):
                let options = slots[listenerIndex].options
                slots[index].kind = .association
                slots[index].socket = socket
                slots[index].source = source
                slots[index].options = options
                slots[index].local = slots[listenerIndex].local
                slots[index].state = .up
                _ = socket.applyAssociationOptions(options)
                let counts = socket.streamCounts() ?? (options.maxInboundStreams, options.outboundStreams)
                slots[index].inboundStreams = counts.inbound
                slots[index].outboundStreams = counts.outbound
                let generation = slots[index].generation
                if let fd = socket.fileDescriptor {
                    slots[index].registration = try? loop.register(fd: fd, interest: .readable) { [unowned self] _ in
                        self.service(index, generation)
                    }
                }
                let id = SCTPAssociationID(slot: UInt32(index), generation: generation)
                let listenerID = SCTPListenerID(slot: UInt32(listenerIndex), generation: listenerGeneration)
                onEvent(.accepted(listener: listenerID, association: id, peer: peer))
                guard live(id) != nil else { continue }
                onEvent(.up(id, inboundStreams: counts.inbound, outboundStreams: counts.outbound))
                // Data may have arrived before the upcall was attached.
                service(index, generation)
            }
        }
    }

    func receiveAll(_ index: Int) {
        let generation = slots[index].generation
        let id = SCTPAssociationID(slot: UInt32(index), generation: generation)
        var info = SCTPSocket.ReceiveInfo()
        while slots[index].generation == generation, let socket = slots[index].socket {
            let n = socket.receive(into: receiveBuffer, info: &info)
            if n < 0 {
                let error = Int32(-n)
                if error == EAGAIN || error == EWOULDBLOCK { return }
                if slots[index].state == .connecting && (error == ENOTCONN || error == EINPROGRESS) { return }
                let reason: SCTPLossReason = slots[index].state == .connecting ? .cannotStart
                    : (error == ECONNRESET ? .abortReceived : .noResponse)
                finish(index, .lost(id, reason))
                return
            }
            if n == 0 {
                if slots[index].state == .connecting {
                    finish(index, .lost(id, .cannotStart))
                } else {
                    finish(index, .shutdown(id))
                }
                return
            }
            let part = UnsafeRawBufferPointer(start: receiveBuffer.baseAddress, count: n)
            if info.notification {
                handleNotification(index, id, part)
                continue
            }
            deliver(index, id, part, info)
        }
    }

    func deliver(_ index: Int, _ id: SCTPAssociationID, _ part: UnsafeRawBufferPointer, _ info: SCTPSocket.ReceiveInfo) {
        if slots[index].reassembler == nil {
            if info.endOfRecord {
                if part.count <= slots[index].options.maxMessageSize {
                    messagesReceived += 1
                    onEvent(.message(SCTPMessage(association: id, stream: info.stream, ppid: info.ppid, bytes: part)))
                    return
                }
            }
            slots[index].reassembler = MessageReassembler(maxMessageSize: slots[index].options.maxMessageSize)
        }
        guard let outcome = slots[index].reassembler?.add(part, stream: info.stream, ppid: info.ppid, endOfRecord: info.endOfRecord) else { return }
        switch outcome {
        case .incomplete: return
        case .completeInPlace:
            messagesReceived += 1
            onEvent(.message(SCTPMessage(association: id, stream: info.stream, ppid: info.ppid, bytes: part)))
        case .completeInBuffer:
            messagesReceived += 1
            guard let whole = slots[index].reassembler else { return }
            slots[index].reassembler?.reset()
            whole.buffer.withUnsafeBytes { bytes in
                onEvent(.message(SCTPMessage(association: id, stream: whole.stream, ppid: whole.ppid, bytes: bytes)))
            }
        case .tooLarge:
            release(index, abort: true)
            onEvent(.lost(id, .messageTooLarge))
        }
    }

    func handleNotification(_ index: Int, _ id: SCTPAssociationID, _ bytes: UnsafeRawBufferPointer) {
        guard let socket = slots[index].socket, let note = socket.parseNotification(bytes) else { return }
        guard note.kind == .associationChange else { return }
        switch note.state {
        case .up:
            guard slots[index].state == .connecting else { return }
            slots[index].state = .up
            slots[index].inboundStreams = note.inboundStreams
            slots[index].outboundStreams = note.outboundStreams
            _ = socket.applyAssociationOptions(slots[index].options)
            onEvent(.up(id, inboundStreams: note.inboundStreams, outboundStreams: note.outboundStreams))
            if live(id) != nil { flushPending(index) }
        case .restart:
            slots[index].inboundStreams = note.inboundStreams
            slots[index].outboundStreams = note.outboundStreams
            onEvent(.restarted(id, inboundStreams: note.inboundStreams, outboundStreams: note.outboundStreams))
        case .lost:
            finish(index, .lost(id, note.hasAbortChunk ? .abortReceived : .noResponse))
        case .cannotStart:
            finish(index, .lost(id, .cannotStart))
        case .shutdownComplete:
            finish(index, .shutdown(id))
        case .unknown:
            return
        }
    }

    /// Frees the association and reports its end.
    func finish(_ index: Int, _ event: SCTPEvent) {
        release(index, abort: false)
        onEvent(event)
    }
}
