import CYaml

/// The nesting depth of a YAML text, measured exactly on libyaml's event stream (the C library under Yams, which
/// FileFormats, the only YAML module, reads through): sequence and mapping starts and ends, iteratively, so no input
/// can overflow a stack here. Returns the 1-based line where `limit` is first exceeded, or nil (also for text libyaml
/// rejects: Yams then reports that error with its line).
///
/// A text scan cannot do this exactly: quotes, comments, block scalars and plain-scalar continuation lines decide
/// whether a bracket is structure, and a fuzzed vol-surface file hid 3,700 brackets behind a `"` in a comment from the
/// earlier scan, overflowing Yams's recursive composer.
func yamlNestingBeyond(_ text: String, limit: Int) -> Int? {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return nil }
    defer { yaml_parser_delete(&parser) }
    var bytes = Array(text.utf8)
    if bytes.isEmpty { return nil }
    return bytes.withUnsafeMutableBufferPointer { buf -> Int? in
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
        var depth = 0
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) == 1 {
            let type = event.type
            let line = Int(event.start_mark.line) + 1
            yaml_event_delete(&event)
            switch type {
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                depth += 1
                if depth > limit { return line }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                depth -= 1
            case YAML_STREAM_END_EVENT:
                return nil
            default:
                break
            }
        }
        return nil
    }
}
