#pragma once
// The encodings an operator's extract comes in: UTF-8, or GBK from older billing systems.
// GBK rows are converted to UTF-8 with glibc's iconv before they are read.
#include <iconv.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace offersim::data {

enum class TextEncoding { detect, utf8, gbk };

// "utf-8" / "gbk" / "auto" (detect), or nothing.
std::optional<TextEncoding> encoding_named(std::string_view name);
std::string_view encoding_name(TextEncoding encoding);

// The byte offset of the first byte that is not valid UTF-8, or npos.
std::size_t invalid_utf8_at(std::string_view text);

// UTF-8 when the whole file is valid UTF-8, else GBK (read in blocks: the file is not held).
TextEncoding detect_encoding(const std::filesystem::path& file);

// Converts GBK text to UTF-8; one per reader, as an iconv descriptor holds state.
class GbkToUtf8 {
public:
    GbkToUtf8();
    ~GbkToUtf8();
    GbkToUtf8(const GbkToUtf8&) = delete;
    GbkToUtf8& operator=(const GbkToUtf8&) = delete;

    // False (with the offset of the first bad byte) when `text` is not valid GBK.
    bool convert(std::string_view text, std::string& out, std::size_t& bad_at);

private:
    iconv_t cd_;
};

}  // namespace offersim::data
