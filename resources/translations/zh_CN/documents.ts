<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>DocumentActions</name>
    <message>
        <source>&amp;Print</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Briefing pack, schedules: preview, print or save as PDF</source>
        <translation>走访简报、日程：预览、打印或另存为 PDF</translation>
    </message>
    <message>
        <source>&amp;Briefing pack…</source>
        <translation>走访简报(&amp;B)…</translation>
    </message>
    <message>
        <source>The briefing pack of the shown day (Ctrl+P)</source>
        <translation>当前显示日期的走访简报（Ctrl+P）</translation>
    </message>
    <message>
        <source>Branch &amp;day schedule</source>
        <translation>网点日程(&amp;D)</translation>
    </message>
    <message>
        <source>Team &amp;week schedule…</source>
        <translation>小组周计划(&amp;W)…</translation>
    </message>
    <message>
        <source>Briefing pack</source>
        <translation>走访简报</translation>
    </message>
    <message>
        <source>Which team&apos;s briefing pack for {0}?</source>
        <translation>打印 {0} 哪个小组的走访简报？</translation>
    </message>
    <message>
        <source>Team week schedule</source>
        <translation>小组周计划</translation>
    </message>
    <message>
        <source>Which team&apos;s schedule for the week of {0} – {1}?</source>
        <translation>打印 {0} – {1} 这一周哪个小组的计划？</translation>
    </message>
    <message>
        <source>Visit report PDF</source>
        <translation>走访报告 PDF</translation>
    </message>
    <message>
        <source>Checking the visit report…</source>
        <translation>正在检查走访报告…</translation>
    </message>
    <message>
        <source>Preview, print or save the approved visit report</source>
        <translation>预览、打印或保存已批准的走访报告</translation>
    </message>
    <message>
        <source>This visit has no report yet.</source>
        <translation>此次走访尚无报告。</translation>
    </message>
    <message>
        <source>Only an approved report can be printed.</source>
        <translation>只有已批准的报告才能打印。</translation>
    </message>
    <message>
        <source>Briefing pack — {0}</source>
        <translation>走访简报 — {0}</translation>
    </message>
    <message>
        <source>Branch day schedule — {0}</source>
        <translation>网点日程 — {0}</translation>
    </message>
    <message>
        <source>Team week schedule — week of {0}</source>
        <translation>小组周计划 — {0} 当周</translation>
    </message>
    <message>
        <source>Visit report — visit {0}</source>
        <translation>走访报告 — 走访 {0}</translation>
    </message>
    <message numerus="yes">
        <source>{0} · %n visit(s)</source>
        <translation>
            <numerusform>{0} · %n 次走访</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>Page</source>
        <translation>第</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom in (Ctrl++)</source>
        <translation>放大（Ctrl++）</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom out (Ctrl+-)</source>
        <translation>缩小（Ctrl+-）</translation>
    </message>
    <message>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <source>Fit the page to the window&apos;s width (Ctrl+0)</source>
        <translation>按窗口宽度显示页面（Ctrl+0）</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Print on a printer of your choice (Ctrl+P)</source>
        <translation>选择打印机打印（Ctrl+P）</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save as a PDF file (Ctrl+S)</source>
        <translation>另存为 PDF 文件（Ctrl+S）</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close the preview (Esc)</source>
        <translation>关闭预览（Esc）</translation>
    </message>
    <message>
        <source>Preparing {0}…</source>
        <translation>正在生成{0}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The document could not be made</source>
        <translation>无法生成文档</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>{0} of {1} sections</source>
        <translation>已完成 {0} / {1} 部分</translation>
    </message>
    <message>
        <source>The document has no pages.</source>
        <translation>文档没有任何页面。</translation>
    </message>
    <message>
        <source>The generated file is not a readable PDF.</source>
        <translation>生成的文件不是可读取的 PDF。</translation>
    </message>
    <message>
        <source>An unexpected error stopped the document; the details are in the log file.</source>
        <translation>发生意外错误，文档未能生成；详细信息已写入日志文件。</translation>
    </message>
    <message>
        <source>of {0}</source>
        <translation>页，共 {0} 页</translation>
    </message>
    <message>
        <source>The chosen page range holds no page of this document.</source>
        <translation>所选页码范围内没有本文档的页面。</translation>
    </message>
    <message>
        <source>The printer could not be opened: {0}</source>
        <translation>无法打开打印机：{0}</translation>
    </message>
    <message>
        <source>{0} pages sent to the printer.</source>
        <translation>已将 {0} 页发送到打印机。</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Could not save {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
    <message>
        <source>Saved to {0}</source>
        <translation>已保存到 {0}</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <source>All teams of the day</source>
        <translation>当天全部小组</translation>
    </message>
    <message>
        <source>No team has a visit then: there is nothing to print.</source>
        <translation>该时间段没有小组安排走访，没有可打印的内容。</translation>
    </message>
</context>
</TS>
