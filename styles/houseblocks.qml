<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16" styleCategories="Symbology|Labeling">
  <renderer-v2 type="categorizedSymbol" attr="mutation_kind" enableorderby="0" forceraster="0" symbollevels="0">
    <categories>
      <category symbol="0" value="construction" label="Bouw" render="true"/>
      <category symbol="1" value="demolition" label="Sloop" render="true"/>
    </categories>
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="30,136,229,115"/>
            <Option type="QString" name="outline_color" value="30,136,229,255"/>
            <Option type="QString" name="outline_width" value="0.5"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="229,57,53,115"/>
            <Option type="QString" name="outline_color" value="229,57,53,255"/>
            <Option type="QString" name="outline_width" value="0.5"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
</qgis>
