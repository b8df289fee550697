<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n customer(s) selected on the map; they are selected in the customer list too</source>
        <translation>
            <numerusform>%n customer selected on the map; it is selected in the customer list too</numerusform>
            <numerusform>%n customers selected on the map; they are selected in the customer list too</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerCommands</name>
    <message numerus="yes">
        <source>Export %Ln customer(s) to a file outside hvdesk?</source>
        <translation>
            <numerusform>Export %Ln customer to a file outside hvdesk?</numerusform>
            <numerusform>Export %Ln customers to a file outside hvdesk?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln customer(s) to {0}</source>
        <translation>
            <numerusform>Exported %Ln customer to {0}</numerusform>
            <numerusform>Exported %Ln customers to {0}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PromisesTab</name>
    <message numerus="yes">
        <source>%n promise(s)</source>
        <translation>
            <numerusform>%n promise</numerusform>
            <numerusform>%n promises</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message numerus="yes">
        <source>{0} · %n visit(s)</source>
        <translation>
            <numerusform>{0} · %n visit</numerusform>
            <numerusform>{0} · %n visits</numerusform>
        </translation>
    </message>
</context>
</TS>
