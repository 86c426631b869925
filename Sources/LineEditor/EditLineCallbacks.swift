import CLibedit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// libedit calls these C functions with only the EditLine pointer; each finds its
// EditLineReader through the client data that `configure()` stored on that pointer.

/// The reader that owns `editLine`, from libedit's client data.
private func reader(of editLine: OpaquePointer?) -> EditLineReader? {
    guard let editLine, let data = clibedit_get_clientdata(editLine) else { return nil }
    return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
}

/// The text before the cursor in libedit's buffer, and the number of bytes after the cursor.
private func lineBuffer(of editLine: OpaquePointer) -> (before: String, afterByteCount: Int)? {
    guard let info = el_line(editLine)?.pointee, let start = info.buffer,
          let cursor = info.cursor, let last = info.lastchar else { return nil }
    let beforeCount = cursor - start
    let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(start), count: beforeCount)
    return (String(decoding: bytes, as: UTF8.self), last - cursor)
}

/// EL_PROMPT_ESC callback: the current prompt string owned by the reader.
let editLinePrompt: clibedit_prompt_fn = { editLine in
    guard let reader = reader(of: editLine) else { return nil }
    return reader.promptPointer
}

/// Tab: completes the text before the cursor from the reader's completer.
///
/// Inserts a unique completion or a longer common prefix (CC_REFRESH), lists ambiguous
/// candidates in columns below the line and redraws (CC_REDISPLAY), or beeps (CC_ERROR).
let editLineComplete: clibedit_cmd_fn = { editLine, _ in
    guard let editLine, let reader = reader(of: editLine),
          let (before, _) = lineBuffer(of: editLine) else { return UInt8(CC_ERROR) }
    switch completion(for: before, candidates: reader.completer(before)) {
    case .noMatch:
        return UInt8(CC_ERROR)
    case .unique(_, let insert) where insert.isEmpty:
        return UInt8(CC_REFRESH_BEEP)
    case .unique(_, let insert), .commonPrefix(let insert, _):
        return el_insertstr(editLine, insert) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_ERROR)
    case .ambiguous(let matches):
        let width = terminalWidth(fd: reader.outputFD) ?? 80
        let listing = columnLayout(matches, width: max(width - 1, 1)).joined(separator: "\n")
        reader.writeOutput("\n" + listing + "\n")
        return UInt8(CC_REDISPLAY)
    }
}

/// Ctrl-C: marks the read as cancelled, shows "^C" at the end of the line and ends the line.
///
/// The cursor moves to the end and "^C" is inserted so the refresh shows it; the pushed
/// newline then runs libedit's own ed-newline, which moves below the (possibly wrapped) line.
let editLineCancel: clibedit_cmd_fn = { editLine, _ in
    guard let editLine, let reader = reader(of: editLine) else { return UInt8(CC_ERROR) }
    reader.cancelled = true
    if let (_, afterBytes) = lineBuffer(of: editLine), afterBytes > 0 {
        _ = el_cursor(editLine, Int32(clamping: afterBytes))
    }
    _ = el_insertstr(editLine, "^C")
    el_push(editLine, "\n")
    return UInt8(CC_REFRESH)
}
