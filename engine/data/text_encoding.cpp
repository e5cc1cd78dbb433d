#include "engine/data/text_encoding.hpp"

#include "engine/core/error.hpp"

#include <algorithm>
#include <fstream>
#include <vector>

namespace offersim::data {

std::optional<TextEncoding> encoding_named(std::string_view name) {
    if (name == "auto") return TextEncoding::detect;
    if (name == "utf-8" || name == "utf8") return TextEncoding::utf8;
    if (name == "gbk") return TextEncoding::gbk;
    return std::nullopt;
}

std::string_view encoding_name(TextEncoding encoding) {
    switch (encoding) {
        case TextEncoding::detect:
            return "auto";
        case TextEncoding::utf8:
            return "utf-8";
        case TextEncoding::gbk:
            return "gbk";
    }
    return "auto";
}

namespace {

// The length of the UTF-8 sequence starting at `text[i]`, 0 when it is invalid, or -1 when
// `text` ends inside a sequence that could still be valid.
int utf8_sequence(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    int length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF)
        length = 2;
    else if (c == 0xE0)
        length = 3, low = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC)
        length = 3;
    else if (c == 0xED)
        length = 3, high = 0x9F;  // no surrogates
    else if (c >= 0xEE && c <= 0xEF)
        length = 3;
    else if (c == 0xF0)
        length = 4, low = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
        length = 4;
    else if (c == 0xF4)
        length = 4, high = 0x8F;
    else
        return 0;
    for (int k = 1; k < length; ++k) {
        if (i + static_cast<std::size_t>(k) >= text.size()) return -1;
        const unsigned char next = byte(i + static_cast<std::size_t>(k));
        if (k == 1 ? (next < low || next > high) : (next < 0x80 || next > 0xBF)) return 0;
    }
    return length;
}

// The offset of the first invalid byte; a sequence cut off by the end counts as invalid
// only when `complete`, else its start is returned through `cut`.
std::size_t scan_utf8(std::string_view text, bool complete, std::size_t& cut) {
    cut = text.size();
    for (std::size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        const int length = utf8_sequence(text, i);
        if (length == 0) return i;
        if (length < 0) {
            if (complete) return i;
            cut = i;
            return std::string_view::npos;
        }
        i += static_cast<std::size_t>(length);
    }
    return std::string_view::npos;
}

}  // namespace

std::size_t invalid_utf8_at(std::string_view text) {
    std::size_t cut = 0;
    return scan_utf8(text, true, cut);
}

TextEncoding detect_encoding(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError({{SourcePos{file.string(), 0, 0}, "cannot read the file"}});
    std::vector<char> block(1 << 20);
    std::size_t carried = 0;
    while (in) {
        in.read(block.data() + carried, static_cast<std::streamsize>(block.size() - carried));
        const std::size_t filled = carried + static_cast<std::size_t>(in.gcount());
        const bool last = !in;
        std::size_t cut = 0;
        if (scan_utf8(std::string_view(block.data(), filled), last, cut) != std::string_view::npos)
            return TextEncoding::gbk;
        carried = filled - cut;  // a sequence the block cut in two, read again with the next
        std::copy(block.begin() + static_cast<std::ptrdiff_t>(cut),
                  block.begin() + static_cast<std::ptrdiff_t>(filled), block.begin());
    }
    return TextEncoding::utf8;
}

GbkToUtf8::GbkToUtf8() : cd_(iconv_open("UTF-8", "GBK")) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) throw RunError("iconv cannot convert from GBK on this system");
}

GbkToUtf8::~GbkToUtf8() {
    iconv_close(cd_);
}

bool GbkToUtf8::convert(std::string_view text, std::string& out, std::size_t& bad_at) {
    out.resize(text.size() * 3 / 2 + 4);            // a GBK character of 2 bytes is 3 in UTF-8
    char* in_ptr = const_cast<char*>(text.data());  // iconv's signature; it does not write
    std::size_t in_left = text.size();
    char* out_ptr = out.data();
    std::size_t out_left = out.size();
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // a fresh state for each row
    const std::size_t done = iconv(cd_, &in_ptr, &in_left, &out_ptr, &out_left);
    if (done == static_cast<std::size_t>(-1)) {
        bad_at = text.size() - in_left;
        return false;
    }
    out.resize(out.size() - out_left);
    return true;
}

}  // namespace offersim::data
