// SPDX-License-Identifier: MIT
// htmlToMarkdown: one recursive walk over libxml2's tree, writing blocks separated by blank lines.

#include "ingest/document/html_to_markdown.h"

#include <QStringList>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <memory>

namespace cairn::ingest {

namespace {

QString nodeName(const xmlNode* node)
{
    return QString::fromUtf8(reinterpret_cast<const char*>(node->name)).toLower();
}

QString attribute(const xmlNode* node, const char* name)
{
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
    if (value == nullptr)
        return {};
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return text;
}

class MarkdownWriter {
public:
    void blocks(const xmlNode* first)
    {
        for (const xmlNode* node = first; node != nullptr; node = node->next)
            block(node);
    }
    QString title;
    QString finish()
    {
        flush();
        return m_blocks.join(QStringLiteral("\n\n"));
    }

private:
    void flush()
    {
        const QString text = m_inline.simplified();
        if (!text.isEmpty())
            m_blocks << m_prefix + text;
        m_inline.clear();
        m_prefix.clear();
    }

    void block(const xmlNode* node)
    {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            m_inline += QString::fromUtf8(reinterpret_cast<const char*>(node->content));
            return;
        }
        if (node->type != XML_ELEMENT_NODE)
            return;
        const QString name = nodeName(node);
        if (name == u"script" || name == u"style" || name == u"noscript" || name == u"template" || name == u"head") {
            if (name == u"head")
                findTitle(node->children);
            return;
        }
        if (name.size() == 2 && name[0] == u'h' && name[1] >= u'1' && name[1] <= u'6') {
            flush();
            m_prefix = QString(name[1].digitValue(), u'#') + u' ';
            inlines(node->children);
            flush();
        } else if (name == u"p" || name == u"div" || name == u"section" || name == u"article" || name == u"blockquote"
                   || name == u"main" || name == u"header" || name == u"footer" || name == u"body" || name == u"html") {
            flush();
            if (name == u"blockquote")
                m_prefix = QStringLiteral("> ");
            blocks(node->children);
            flush();
        } else if (name == u"ul" || name == u"ol") {
            flush();
            int number = 1;
            for (const xmlNode* item = node->children; item != nullptr; item = item->next) {
                if (item->type != XML_ELEMENT_NODE || nodeName(item) != u"li")
                    continue;
                m_prefix = name == u"ol" ? QStringLiteral("%1. ").arg(number++) : QStringLiteral("- ");
                inlines(item->children);
                flush();
            }
        } else if (name == u"pre") {
            flush();
            m_blocks << QStringLiteral("```\n") + plainText(node).trimmed() + QStringLiteral("\n```");
        } else if (name == u"table") {
            flush();
            table(node);
        } else if (name == u"br") {
            m_inline += u' ';
        } else if (name == u"hr") {
            flush();
            m_blocks << QStringLiteral("---");
        } else {
            inline_(node);
        }
    }

    void inlines(const xmlNode* first)
    {
        for (const xmlNode* node = first; node != nullptr; node = node->next) {
            if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
                m_inline += QString::fromUtf8(reinterpret_cast<const char*>(node->content));
            else if (node->type == XML_ELEMENT_NODE)
                inline_(node);
        }
    }

    void inline_(const xmlNode* node)
    {
        const QString name = nodeName(node);
        if (name == u"script" || name == u"style")
            return;
        const QString text = plainText(node).simplified();
        if (name == u"a" && !attribute(node, "href").isEmpty() && !text.isEmpty())
            m_inline += QStringLiteral("[%1](%2)").arg(text, attribute(node, "href"));
        else if ((name == u"b" || name == u"strong") && !text.isEmpty())
            m_inline += QStringLiteral("**%1**").arg(text);
        else if ((name == u"i" || name == u"em") && !text.isEmpty())
            m_inline += QStringLiteral("*%1*").arg(text);
        else if (name == u"code" && !text.isEmpty())
            m_inline += QStringLiteral("`%1`").arg(text);
        else if (name == u"img" && !attribute(node, "alt").isEmpty())
            m_inline += QStringLiteral("[image: %1]").arg(attribute(node, "alt"));
        else
            blocks(node->children);
    }

    static QString plainText(const xmlNode* node)
    {
        xmlChar* content = xmlNodeGetContent(node);
        const QString text = content != nullptr ? QString::fromUtf8(reinterpret_cast<const char*>(content)) : QString();
        xmlFree(content);
        return text;
    }

    void findTitle(const xmlNode* first)
    {
        for (const xmlNode* node = first; node != nullptr; node = node->next) {
            if (node->type == XML_ELEMENT_NODE && nodeName(node) == u"title")
                title = plainText(node).simplified();
        }
    }

    static void collectRows(const xmlNode* first, QList<QStringList>& rows)
    {
        for (const xmlNode* node = first; node != nullptr; node = node->next) {
            if (node->type != XML_ELEMENT_NODE)
                continue;
            const QString name = nodeName(node);
            if (name == u"tr") {
                QStringList cells;
                for (const xmlNode* cell = node->children; cell != nullptr; cell = cell->next) {
                    if (cell->type == XML_ELEMENT_NODE && (nodeName(cell) == u"td" || nodeName(cell) == u"th"))
                        cells << plainText(cell).simplified().replace(u'|', QStringLiteral("\\|"));
                }
                rows << cells;
            } else if (name == u"thead" || name == u"tbody" || name == u"tfoot") {
                collectRows(node->children, rows);
            }
        }
    }

    void table(const xmlNode* node)
    {
        QList<QStringList> rows;
        collectRows(node->children, rows);
        qsizetype columns = 0;
        for (const QStringList& row : rows)
            columns = qMax(columns, row.size());
        if (columns == 0)
            return;
        QStringList lines;
        for (qsizetype r = 0; r < rows.size(); ++r) {
            QStringList cells = rows[r];
            while (cells.size() < columns)
                cells << QString();
            lines << QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |");
            if (r == 0)
                lines << QStringLiteral("|") + QStringList(columns, QStringLiteral(" --- ")).join(u'|')
                        + QStringLiteral("|");
        }
        m_blocks << lines.join(u'\n');
    }

    QStringList m_blocks;
    QString m_inline;
    QString m_prefix;
};

} // namespace

HtmlText htmlToMarkdown(const QByteArray& html, const QString& encoding)
{
    const std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> doc(
        htmlReadMemory(html.constData(), int(html.size()), nullptr, encoding.toLatin1().constData(),
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET),
        xmlFreeDoc);
    HtmlText result;
    if (!doc)
        return result;
    MarkdownWriter writer;
    writer.blocks(xmlDocGetRootElement(doc.get()));
    result.markdown = writer.finish();
    result.title = writer.title;
    return result;
}

} // namespace cairn::ingest
